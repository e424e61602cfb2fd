"""Every change to a tender and what hangs off it: each in a transaction, audited, and refused with a
RuleViolation (a message for the person, on the field it concerns) when it breaks a rule.

Times are compared as instants; the messages show them in the place's timezone.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.organisations.models import OrganisationKind

from .models import (
    LIVE_STAGES,
    UPCOMING_STAGES,
    Award,
    Clarification,
    CoDesignMember,
    CoDesignSession,
    Comment,
    Criterion,
    DemandPeriod,
    Interest,
    Lot,
    ResponseKind,
    Score,
    SectionVersion,
    SpecificationSection,
    Stage,
    Submission,
    SubmissionStatus,
    Tender,
    TenderInvitation,
    TenderStageChange,
)
from .permissions import ACTING_ROLES, can_act_for, can_run_tender

TENDER_FIELDS = (
    "title",
    "reference",
    "description",
    "estimated_value",
    "contract_months",
    "procurement_method",
    "co_design_opens_at",
    "co_design_closes_at",
    "clarification_deadline",
    "submission_deadline",
    "decision_date",
    "you_said_we_did",
)
INVITATION_EMAIL_KIND = "tender_invitation"
NOTIFICATION_KIND = "commissioning"


def local_time(value, place):
    """A moment as people in the place read it: "3 March 2026 at 17:00"."""
    return timezone.localtime(value, place.tz).strftime("%-d %B %Y at %H:%M")


def _full_clean(obj, exclude=None):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise RuleViolation(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


def _require_runner(actor, place, tender):
    if not can_run_tender(actor, place, tender):
        raise RuleViolation(_("Only the commissioning council's officers can do that."))


def _require_acting(actor, place, organisation, field="organisation"):
    if not can_act_for(actor, place, organisation):
        raise RuleViolation({field: _("You can only act for an organisation you represent here.")})


def _same_place(place, *objects):
    for obj in objects:
        if obj is not None and obj.place_id != place.pk:
            # Never say whose it is: to this place it does not exist.
            raise RuleViolation(_("That tender is not in %(place)s.") % {"place": place.name})


def _check_in_place(place, *, themes=(), areas=()):
    for theme in themes:
        if theme.place_id not in (None, place.pk):
            raise RuleViolation({"themes": _("Choose themes used in %(p)s.") % {"p": place.name}})
    for area in areas:
        if area.place_id != place.pk:
            raise RuleViolation({"areas": _("Choose areas of %(p)s.") % {"p": place.name}})


def _set_areas(tender, areas):
    # Through the link table: no Area query runs, so this works with or without a place scope.
    through = Tender.areas.through
    through.objects.filter(tender_id=tender.pk).delete()
    through.objects.bulk_create([through(tender_id=tender.pk, area_id=a.pk) for a in areas])


def _criteria_weight(tender):
    criteria = Criterion.objects.for_place(tender.place_id).filter(tender=tender)
    return criteria.aggregate(total=Sum("weight"))["total"]


def latest_version(section):
    return (
        SectionVersion.objects.for_place(section.place_id)
        .filter(section=section)
        .order_by("-number")
        .first()
    )


def _fresh(place, tender_id):
    """The tender as it is now (a caller's copy may predate a stage change)."""
    return Tender.objects.for_place(place).get(pk=tender_id)


def _lock(tender):
    return Tender.objects.for_place(tender.place_id).select_for_update().get(pk=tender.pk)


# Tenders and their stages


@transaction.atomic
def tender_create(*, place, actor, commissioner, themes=(), areas=(), now=None, **fields):
    from .permissions import councils_run_by

    if (
        commissioner is None
        or not councils_run_by(actor, place).filter(pk=commissioner.pk).exists()
    ):
        raise RuleViolation(
            {"commissioner": _("Choose a council in %(p)s you commission for.") % {"p": place.name}}
        )
    _check_in_place(place, themes=themes, areas=areas)
    tender = Tender(
        place=place,
        commissioner=commissioner,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        stage=Stage.PIPELINE,
        **{k: v for k, v in fields.items() if k in TENDER_FIELDS},
    )
    if Tender.objects.for_place(place).filter(reference=tender.reference).exists():
        raise RuleViolation({"reference": _("Another tender here already has that reference.")})
    _full_clean(tender)
    tender.save()
    tender.themes.set(themes)
    _set_areas(tender, areas)
    TenderStageChange.objects.create(
        place=place,
        tender=tender,
        from_stage="",
        to_stage=Stage.PIPELINE,
        rationale=_("Added to the commissioning pipeline."),
        changed_by=tender.created_by,
        changed_at=now or timezone.now(),
    )
    audit_record(
        place=place,
        actor=actor,
        action="tender.create",
        target=tender,
        changes={k: fields.get(k) for k in TENDER_FIELDS if k in fields},
    )
    return tender


@transaction.atomic
def tender_update(*, place, actor, tender, themes=None, areas=None, **fields):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    tender = _lock(tender)
    if tender.stage in (Stage.AWARDED, Stage.CANCELLED):
        raise RuleViolation(_("An awarded or cancelled tender cannot be changed."))
    new_deadline = fields.get("submission_deadline", tender.submission_deadline)
    if (
        tender.stage not in UPCOMING_STAGES
        and tender.submission_deadline
        # Forms carry minutes, not seconds: the same minute is no change.
        and (
            new_deadline is None
            or new_deadline < tender.submission_deadline.replace(second=0, microsecond=0)
        )
    ):
        raise RuleViolation(
            {"submission_deadline": _("Once bids are open the deadline can be extended, not cut.")}
        )
    before = {k: getattr(tender, k) for k in TENDER_FIELDS}
    for key, value in fields.items():
        if key in TENDER_FIELDS:
            setattr(tender, key, value)
    if (
        Tender.objects.for_place(place)
        .filter(reference=tender.reference)
        .exclude(pk=tender.pk)
        .exists()
    ):
        raise RuleViolation({"reference": _("Another tender here already has that reference.")})
    _full_clean(tender)
    tender.save()
    if themes is not None:
        _check_in_place(place, themes=themes)
        tender.themes.set(themes)
    if areas is not None:
        _check_in_place(place, areas=areas)
        _set_areas(tender, areas)
    changes = {
        k: [before[k], getattr(tender, k)] for k in TENDER_FIELDS if before[k] != getattr(tender, k)
    }
    audit_record(place=place, actor=actor, action="tender.update", target=tender, changes=changes)
    return tender


def _stage_entry_problems(tender, to_stage, now):
    """What stops the tender entering ``to_stage`` now: {field: message}."""
    problems = {}
    if to_stage == Stage.CO_DESIGN:
        if not tender.co_design_closes_at:
            problems["co_design_closes_at"] = _("Set when co-design closes before opening it.")
        elif tender.co_design_closes_at <= now:
            problems["co_design_closes_at"] = _("Co-design must close in the future.")
    if tender.stage == Stage.CO_DESIGN and to_stage in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        unanswered = Comment.objects.for_place(tender.place_id).filter(
            version__section__tender=tender, response=""
        )
        if unanswered.exists():
            problems["to_stage"] = _(
                "Answer every co-design comment first (%(n)d still unanswered)."
            ) % {"n": unanswered.count()}
        if not tender.you_said_we_did.strip():
            problems["you_said_we_did"] = _(
                "Write the “you said, we did” summary before co-design closes."
            )
    if to_stage == Stage.OPEN:
        if not tender.submission_deadline:
            problems["submission_deadline"] = _("Set the submission deadline before opening.")
        elif tender.submission_deadline <= now:
            problems["submission_deadline"] = _("The submission deadline must be in the future.")
        weights = _criteria_weight(tender)
        if weights is not None and weights != 100:
            problems["criteria"] = _(
                "The evaluation criteria's weights add up to %(n)d%%; they must add up to 100%%."
            ) % {"n": weights}
    if to_stage == Stage.EVALUATION and tender.submission_deadline:
        if tender.submission_deadline > now:
            problems["to_stage"] = _("Bids are open until %(when)s; evaluate after that.") % {
                "when": local_time(tender.submission_deadline, tender.place)
            }
    if (
        to_stage == Stage.AWARDED
        and not Award.objects.for_place(tender.place_id).filter(tender=tender).exists()
    ):
        problems["to_stage"] = _("Record the award decision to award the tender.")
    return problems


def _move(tender, *, to_stage, rationale, actor, now):
    TenderStageChange.objects.create(
        place_id=tender.place_id,
        tender=tender,
        from_stage=tender.stage,
        to_stage=to_stage,
        rationale=rationale,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=now,
    )
    before = tender.stage
    tender.stage = to_stage
    if to_stage == Stage.CO_DESIGN and (
        tender.co_design_opens_at is None or tender.co_design_opens_at > now
    ):
        # The window the figures report is the one charities really had.
        tender.co_design_opens_at = now
    if (
        before == Stage.CO_DESIGN
        and tender.co_design_closes_at
        and tender.co_design_closes_at > now
    ):
        tender.co_design_closes_at = now
    leaving_co_design = before == Stage.CO_DESIGN and to_stage != Stage.CANCELLED
    if (leaving_co_design or to_stage == Stage.OPEN) and tender.co_design_published_at is None:
        # Everything co-design produced reaches every potential bidder at this one moment: when
        # co-design closes (so market engagement starts level) or, at the latest, when bids open.
        tender.co_design_published_at = now
    tender.save(
        update_fields=[
            "stage",
            "co_design_opens_at",
            "co_design_closes_at",
            "co_design_published_at",
            "updated_at",
        ]
    )
    audit_record(
        place=tender.place,
        actor=actor,
        action="tender.stage",
        target=tender,
        changes={"stage": [before, to_stage], "rationale": rationale},
    )


@transaction.atomic
def tender_change_stage(*, place, actor, tender, to_stage, rationale, now=None):
    """Move a tender on to its next stage, with a rationale that appears on its public timeline."""
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    now = now or timezone.now()
    tender = _lock(tender)
    to_stage = Stage(to_stage)
    try:
        tender.check_transition(to_stage)
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict) from exc
    if not (rationale or "").strip():
        raise RuleViolation({"rationale": _("Say why the tender is changing stage.")})
    problems = _stage_entry_problems(tender, to_stage, now)
    if problems:
        raise RuleViolation(problems)
    _move(tender, to_stage=to_stage, rationale=rationale.strip(), actor=actor, now=now)
    if to_stage in (Stage.OPEN, Stage.CANCELLED):
        _tell_followers(
            tender,
            title=_("%(ref)s is now %(stage)s")
            % {"ref": tender.reference, "stage": to_stage.label.lower()},
            body=rationale.strip(),
        )
    return tender


@transaction.atomic
def lot_add(*, place, actor, tender, title, description="", estimated_value=None):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Lots are set before the tender opens for bids."))
    lot = Lot(
        place=place,
        tender=tender,
        title=title,
        description=description,
        estimated_value=estimated_value,
    )
    _full_clean(lot)
    lot.save()
    audit_record(place=place, actor=actor, action="tender.lot_add", target=lot)
    return lot


def _lot_in_place(place, lot):
    _same_place(place, lot)
    tender = _fresh(place, lot.tender_id)
    return tender


@transaction.atomic
def lot_update(*, place, actor, lot, title, description="", estimated_value=None):
    tender = _lot_in_place(place, lot)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Lots are set before the tender opens for bids."))
    before = {"title": lot.title, "estimated_value": lot.estimated_value}
    lot.title, lot.description, lot.estimated_value = title, description, estimated_value
    _full_clean(lot)
    lot.save()
    audit_record(
        place=place,
        actor=actor,
        action="tender.lot_update",
        target=lot,
        changes={"before": before, "title": title, "estimated_value": estimated_value},
    )
    return lot


@transaction.atomic
def lot_remove(*, place, actor, lot):
    tender = _lot_in_place(place, lot)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Lots are set before the tender opens for bids."))
    audit_record(place=place, actor=actor, action="tender.lot_remove", target=lot)
    Lot.objects.for_place(place).filter(pk=lot.pk).delete()


@transaction.atomic
def criterion_add(*, place, actor, tender, title, weight, description=""):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Evaluation criteria are published before the tender opens."))
    total = _criteria_weight(tender) or 0
    if total + weight > 100:
        raise RuleViolation(
            {
                "weight": _("The weights would add up to more than 100%% (%(n)d%% now).")
                % {"n": total}
            }
        )
    criterion = Criterion(
        place=place, tender=tender, title=title, weight=weight, description=description
    )
    _full_clean(criterion)
    criterion.save()
    audit_record(place=place, actor=actor, action="tender.criterion_add", target=criterion)
    return criterion


def _criterion_tender(place, actor, criterion):
    _same_place(place, criterion)
    tender = _fresh(place, criterion.tender_id)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Evaluation criteria are published before the tender opens."))
    return tender


@transaction.atomic
def criterion_update(*, place, actor, criterion, title, weight, description=""):
    tender = _criterion_tender(place, actor, criterion)
    others = (
        Criterion.objects.for_place(place)
        .filter(tender=tender)
        .exclude(pk=criterion.pk)
        .aggregate(total=Sum("weight"))["total"]
        or 0
    )
    if others + weight > 100:
        raise RuleViolation(
            {
                "weight": _(
                    "The weights would add up to more than 100%% (the others make %(n)d%%)."
                )
                % {"n": others}
            }
        )
    before = {"title": criterion.title, "weight": criterion.weight}
    criterion.title, criterion.weight, criterion.description = title, weight, description
    _full_clean(criterion)
    criterion.save()
    audit_record(
        place=place,
        actor=actor,
        action="tender.criterion_update",
        target=criterion,
        changes={"before": before, "title": title, "weight": weight},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, place, actor, criterion):
    _criterion_tender(place, actor, criterion)
    audit_record(place=place, actor=actor, action="tender.criterion_remove", target=criterion)
    Criterion.objects.for_place(place).filter(pk=criterion.pk).delete()


# Co-design


@transaction.atomic
def section_add(*, place, actor, tender, heading, body):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("The specification is fixed once the tender opens for bids."))
    sections = SpecificationSection.objects.for_place(place).filter(tender=tender)
    position = (sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = SpecificationSection(place=place, tender=tender, heading=heading, position=position)
    _full_clean(section)
    section.save()
    version = SectionVersion(
        place=place, section=section, number=1, body=body, created_by=_person(actor)
    )
    _full_clean(version)
    version.save()
    audit_record(place=place, actor=actor, action="tender.section_add", target=section)
    return section


@transaction.atomic
def section_revise(*, place, actor, section, body, change_note=""):
    _same_place(place, section)
    tender = _fresh(place, section.tender_id)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("The specification is fixed once the tender opens for bids."))
    latest = latest_version(section)
    if latest and latest.body == body:
        raise RuleViolation({"body": _("The text is the same as the current version.")})
    version = SectionVersion(
        place=place,
        section=section,
        number=(latest.number if latest else 0) + 1,
        body=body,
        change_note=change_note,
        created_by=_person(actor),
    )
    _full_clean(version)
    version.save()
    audit_record(
        place=place,
        actor=actor,
        action="tender.section_revise",
        target=section,
        changes={"version": version.number, "note": change_note},
    )
    return version


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def co_design_join(*, place, actor, tender, organisation):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_acting(actor, place, organisation)
    if tender.stage not in (Stage.PIPELINE, Stage.CO_DESIGN):
        raise RuleViolation(_("Co-design for this tender has closed."))
    if (
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender, organisation=organisation)
        .exists()
    ):
        raise RuleViolation(
            {"organisation": _("%(o)s is already in the co-design group.") % {"o": organisation}}
        )
    member = CoDesignMember.objects.create(
        place=place, tender=tender, organisation=organisation, joined_by=_person(actor)
    )
    audit_record(place=place, actor=actor, action="tender.co_design_join", target=member)
    return member


@transaction.atomic
def comment_add(*, place, actor, version, organisation, body, now=None):
    _same_place(place, version)
    tender = _fresh(place, version.section.tender_id)
    now = now or timezone.now()
    _require_acting(actor, place, organisation)
    if tender.stage != Stage.CO_DESIGN or (
        tender.co_design_closes_at and tender.co_design_closes_at <= now
    ):
        raise RuleViolation(_("Co-design on this tender has closed, so comments are closed too."))
    if not (
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender, organisation=organisation)
        .exists()
    ):
        raise RuleViolation({"organisation": _("Join the co-design group before commenting.")})
    latest = latest_version(version.section)
    if latest.pk != version.pk:
        raise RuleViolation(_("Comment on the current version of the section."))
    if not body.strip():
        raise RuleViolation({"body": _("Write your comment.")})
    comment = Comment(
        place=place, version=version, organisation=organisation, author=_person(actor), body=body
    )
    _full_clean(comment)
    comment.save()
    audit_record(place=place, actor=actor, action="tender.comment_add", target=comment)
    return comment


@transaction.atomic
def comment_respond(*, place, actor, comment, response, response_text="", now=None):
    _same_place(place, comment)
    tender = _fresh(place, comment.version.section.tender_id)
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(_("Co-design has finished; its answers are published as they stand."))
    response = ResponseKind(response)
    if response != ResponseKind.ACCEPTED and not response_text.strip():
        raise RuleViolation(
            {"response_text": _("Give the reason when a comment is not taken up in full.")}
        )
    comment.response = response
    comment.response_text = response_text.strip()
    comment.responded_by = _person(actor)
    comment.responded_at = now or timezone.now()
    comment.save(update_fields=["response", "response_text", "responded_by", "responded_at"])
    audit_record(
        place=place,
        actor=actor,
        action="tender.comment_respond",
        target=comment,
        changes={"response": response},
    )
    return comment


def _check_session(place, actor, tender, attendees):
    _require_runner(actor, place, tender)
    if tender.stage not in UPCOMING_STAGES:
        raise RuleViolation(
            _("Co-design sessions are recorded before the tender opens; its outputs are published.")
        )
    for organisation in attendees:
        if not organisation.places.filter(pk=place.pk).exists():
            raise RuleViolation({"attendees": _("Choose organisations working here.")})


@transaction.atomic
def session_record(*, place, actor, tender, title, held_at, notes="", attendees=()):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    attendees = list(attendees)
    _check_session(place, actor, tender, attendees)
    session = CoDesignSession(place=place, tender=tender, title=title, held_at=held_at, notes=notes)
    _full_clean(session)
    session.save()
    session.attendees.set(attendees)
    audit_record(
        place=place,
        actor=actor,
        action="tender.session_record",
        target=session,
        changes={"attendees": [o.name for o in attendees]},
    )
    return session


@transaction.atomic
def session_update(*, place, actor, session, title, held_at, notes="", attendees=()):
    """Correct a session's details or its attendance (who came is often known only afterwards)."""
    _same_place(place, session)
    tender = _fresh(place, session.tender_id)
    attendees = list(attendees)
    _check_session(place, actor, tender, attendees)
    session.title, session.held_at, session.notes = title, held_at, notes
    _full_clean(session)
    session.save()
    session.attendees.set(attendees)
    audit_record(
        place=place,
        actor=actor,
        action="tender.session_update",
        target=session,
        changes={"attendees": [o.name for o in attendees]},
    )
    return session


# Interest, invitations, clarifications


def _people_of(place, organisation_ids):
    return [
        m.user
        for m in Membership.objects.for_place(place)
        .filter(organisation_id__in=organisation_ids, role__in=ACTING_ROLES)
        .select_related("user")
        .order_by("user_id")
    ]


def follower_organisation_ids(tender):
    """Organisations that hear of a tender's news: interested, invited, in the co-design group."""
    place = tender.place_id
    ids = set(
        Interest.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    ids |= set(
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    ids |= set(
        CoDesignMember.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    return ids


def _tell_followers(tender, *, title, body=""):
    from coordination.notifications.services import notify

    place = tender.place
    url = tender.get_absolute_url()
    seen = set()
    for user in _people_of(place, follower_organisation_ids(tender)):
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notify(place=place, user=user, kind=NOTIFICATION_KIND, title=title, body=body, url=url)


@transaction.atomic
def interest_register(*, place, actor, tender, organisation):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_acting(actor, place, organisation)
    if tender.stage not in LIVE_STAGES or tender.stage == Stage.EVALUATION:
        raise RuleViolation(_("This tender is no longer taking expressions of interest."))
    if Interest.objects.for_place(place).filter(tender=tender, organisation=organisation).exists():
        raise RuleViolation(
            {"organisation": _("%(o)s has already registered interest.") % {"o": organisation}}
        )
    interest = Interest.objects.create(
        place=place, tender=tender, organisation=organisation, registered_by=_person(actor)
    )
    audit_record(place=place, actor=actor, action="tender.interest", target=interest)
    return interest


@transaction.atomic
def invitations_send(*, place, actor, tender, organisations):
    """Invite organisations; their people hear by email (through the outbox) and in the app."""
    from coordination.notifications.emails import absolute_url, from_address
    from coordination.notifications.services import dedupe_key, notify, outbox_enqueue

    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    if tender.stage not in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        raise RuleViolation(
            _("Invitations go out when a tender is in market engagement or open for bids.")
        )
    if not organisations:
        raise RuleViolation({"organisations": _("Choose at least one organisation to invite.")})
    already = set(
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender)
        .values_list("organisation_id", flat=True)
    )
    sent = []
    url = absolute_url(tender.get_absolute_url())
    for organisation in organisations:
        if not organisation.places.filter(pk=place.pk).exists():
            raise RuleViolation({"organisations": _("Choose organisations working here.")})
        if organisation.pk in already or organisation.kind == OrganisationKind.COUNCIL:
            continue
        invitation = TenderInvitation.objects.create(
            place=place, tender=tender, organisation=organisation, invited_by=_person(actor)
        )
        sent.append(invitation)
        context = {"tender": tender, "organisation": organisation, "place": place, "url": url}
        deadline = tender.submission_deadline
        context["deadline"] = local_time(deadline, place) if deadline else ""
        subject = _("%(org)s is invited to bid for %(title)s") % {
            "org": organisation.name,
            "title": tender.title,
        }
        text = render_to_string("commissioning/email/invitation.txt", context)
        html = render_to_string("commissioning/email/invitation.html", context)
        for user in _people_of(place, [organisation.pk]):
            outbox_enqueue(
                place=place,
                key=dedupe_key(INVITATION_EMAIL_KIND, invitation.pk, user.pk),
                to_email=user.email,
                kind=INVITATION_EMAIL_KIND,
                subject=subject,
                text_body=text,
                html_body=html,
                recipient=user,
                headers={"From": from_address(place)},
            )
            notify(
                place=place,
                user=user,
                kind=NOTIFICATION_KIND,
                title=subject,
                body=tender.description[:300],
                url=tender.get_absolute_url(),
                emailed=True,
            )
        audit_record(place=place, actor=actor, action="tender.invite", target=invitation)
    return sent


def invitation_mark_viewed(*, place, user, tender, now=None):
    """Someone from an invited organisation opened the tender: counted once, for the public figures."""
    # A read-mark, like a notification being read: no audit entry.
    from .permissions import acting_organisation_ids

    ids = acting_organisation_ids(user, place)
    if not ids:
        return 0
    return (
        TenderInvitation.objects.for_place(place)
        .filter(tender=tender, organisation_id__in=ids, viewed_at__isnull=True)
        .update(viewed_at=now or timezone.now())
    )


@transaction.atomic
def clarification_ask(*, place, actor, tender, organisation, question, now=None):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_acting(actor, place, organisation)
    now = now or timezone.now()
    if tender.stage not in (Stage.MARKET_ENGAGEMENT, Stage.OPEN):
        raise RuleViolation(_("Questions are taken in market engagement and while bids are open."))
    if tender.clarification_deadline and now >= tender.clarification_deadline:
        raise RuleViolation(
            _("The deadline for questions was %(when)s.")
            % {"when": local_time(tender.clarification_deadline, place)}
        )
    if not question.strip():
        raise RuleViolation({"question": _("Write your question.")})
    clarification = Clarification(
        place=place,
        tender=tender,
        organisation=organisation,
        asked_by=_person(actor),
        question=question.strip(),
    )
    _full_clean(clarification)
    clarification.save()
    audit_record(place=place, actor=actor, action="tender.clarification_ask", target=clarification)
    return clarification


@transaction.atomic
def clarification_answer(*, place, actor, clarification, answer, now=None):
    _same_place(place, clarification)
    tender = _fresh(place, clarification.tender_id)
    _require_runner(actor, place, tender)
    if not answer.strip():
        raise RuleViolation({"answer": _("Write the answer.")})
    first = not clarification.answer
    clarification.answer = answer.strip()
    clarification.answered_by = _person(actor)
    clarification.answered_at = now or timezone.now()
    clarification.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(
        place=place, actor=actor, action="tender.clarification_answer", target=clarification
    )
    if first:
        _tell_followers(
            tender,
            title=_("A question about %(ref)s has been answered") % {"ref": tender.reference},
            body=clarification.question[:200],
        )
    return clarification


# Submissions, evaluation, award


@transaction.atomic
def submission_submit(*, place, actor, tender, lead, summary, price, partners=(), now=None):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_acting(actor, place, lead, field="lead")
    now = now or timezone.now()
    tender = _lock(tender)
    if tender.stage != Stage.OPEN:
        raise RuleViolation(_("This tender is not open for bids."))
    if tender.submission_deadline and now >= tender.submission_deadline:
        raise RuleViolation(
            _("Bids closed at %(when)s; a late bid cannot be accepted.")
            % {"when": local_time(tender.submission_deadline, place)}
        )
    partners = [p for p in partners]
    if any(p.pk == lead.pk for p in partners):
        raise RuleViolation({"partners": _("The lead cannot also be a partner.")})
    for partner in partners:
        if not partner.places.filter(pk=place.pk).exists():
            raise RuleViolation({"partners": _("Choose partners working here.")})
    if Submission.objects.for_place(place).filter(tender=tender, lead=lead).exists():
        raise RuleViolation({"lead": _("%(o)s has already submitted a bid.") % {"o": lead}})
    submission = Submission(
        place=place,
        tender=tender,
        lead=lead,
        summary=summary,
        price=price,
        submitted_by=_person(actor),
        submitted_at=now,
    )
    _full_clean(submission)
    submission.save()
    submission.partners.set(partners)
    audit_record(
        place=place,
        actor=actor,
        action="tender.submit",
        target=submission,
        changes={"lead": lead.name, "partners": [p.name for p in partners]},
    )
    return submission


def _score_one(place, actor, tender, submission, criterion, score, comment=""):
    if criterion.place_id != place.pk or criterion.tender_id != tender.pk:
        raise RuleViolation({"criterion": _("Score against this tender's own criteria.")})
    row = (
        Score.objects.for_place(place).filter(submission=submission, criterion=criterion).first()
    ) or Score(place=place, submission=submission, criterion=criterion)
    row.score, row.comment, row.scored_by = score, comment, _person(actor)
    try:
        row.full_clean(exclude=["submission", "criterion"])
    except ValidationError as exc:
        # One criterion's bad score is that criterion's error, not a bare "score" one.
        raise RuleViolation({f"score_{criterion.pk}": exc.messages}) from exc
    row.save()
    audit_record(
        place=place,
        actor=actor,
        action="tender.score",
        target=submission,
        changes={"criterion": criterion.title, "score": score},
    )
    return row


def _scoring_tender(place, actor, submission):
    _same_place(place, submission)
    tender = _fresh(place, submission.tender_id)
    _require_runner(actor, place, tender)
    if tender.stage != Stage.EVALUATION:
        raise RuleViolation(_("Scores are recorded while the tender is in evaluation."))
    return tender


@transaction.atomic
def score_record(*, place, actor, submission, criterion, score, comment=""):
    _same_place(place, criterion)
    tender = _scoring_tender(place, actor, submission)
    return _score_one(place, actor, tender, submission, criterion, score, comment)


@transaction.atomic
def scores_record(*, place, actor, submission, scores):
    """Score a bid against several criteria at once: all are saved, or (on any refusal) none.

    ``scores`` is a list of (criterion, score) or (criterion, score, comment).
    """
    tender = _scoring_tender(place, actor, submission)
    if not scores:
        raise RuleViolation({"scores": _("Give a score for at least one criterion.")})
    seen = set()
    rows = []
    for entry in scores:
        criterion, score, comment = (*entry, "")[:3]
        _same_place(place, criterion)
        if criterion.pk in seen:
            raise RuleViolation({"scores": _("Score each criterion once.")})
        seen.add(criterion.pk)
        rows.append(_score_one(place, actor, tender, submission, criterion, score, comment))
    return rows


def unscored(tender):
    """(submission, criterion) pairs still without a score: evaluation is not finished."""
    criteria = list(Criterion.objects.for_place(tender.place_id).filter(tender=tender))
    submissions = list(Submission.objects.for_place(tender.place_id).filter(tender=tender))
    done = set(
        Score.objects.for_place(tender.place_id)
        .filter(submission__tender=tender)
        .values_list("submission_id", "criterion_id")
    )
    return [(s, c) for s in submissions for c in criteria if (s.pk, c.pk) not in done]


@transaction.atomic
def award_make(*, place, actor, tender, submission, value, rationale, now=None):
    """Decide the award: the tender moves to awarded with the rationale on its public timeline."""
    _same_place(place, tender, submission)
    _require_runner(actor, place, tender)
    now = now or timezone.now()
    tender = _lock(tender)
    if tender.stage != Stage.EVALUATION:
        raise RuleViolation(_("A tender is awarded after evaluation."))
    if submission.tender_id != tender.pk:
        raise RuleViolation({"submission": _("Choose one of this tender's bids.")})
    if not rationale.strip():
        raise RuleViolation({"rationale": _("Give the reason for the decision.")})
    missing = unscored(tender)
    if missing:
        # Every bid is judged on every published criterion before anyone wins.
        raise RuleViolation(
            {
                "submission": _(
                    "Score every bid against every published criterion first "
                    "(%(n)d score still missing, for example %(lead)s on “%(criterion)s”)."
                )
                % {"n": len(missing), "lead": missing[0][0].lead, "criterion": missing[0][1].title}
            }
        )
    award = Award(
        place=place,
        tender=tender,
        submission=submission,
        value=value,
        rationale=rationale.strip(),
        decided_by=_person(actor),
        decided_at=now,
    )
    _full_clean(award, exclude=["tender", "submission"])
    award.save()
    Submission.objects.for_place(place).filter(tender=tender).exclude(pk=submission.pk).update(
        status=SubmissionStatus.UNSUCCESSFUL
    )
    Submission.objects.for_place(place).filter(pk=submission.pk).update(
        status=SubmissionStatus.SUCCESSFUL
    )
    _move(tender, to_stage=Stage.AWARDED, rationale=rationale.strip(), actor=actor, now=now)
    audit_record(
        place=place,
        actor=actor,
        action="tender.award",
        target=award,
        changes={"to": submission.lead.name, "value": value},
    )
    from coordination.notifications.services import notify

    bidders = Submission.objects.for_place(place).filter(tender=tender)
    for bid in bidders:
        for user in _people_of(place, [bid.lead_id]):
            notify(
                place=place,
                user=user,
                kind=NOTIFICATION_KIND,
                title=_("The award decision on %(ref)s is out") % {"ref": tender.reference},
                url=reverse(
                    "places:commissioning:submission_detail",
                    kwargs={"place_slug": place.slug, "pk": bid.pk},
                ),
            )
    return award


@transaction.atomic
def feedback_give(*, place, actor, submission, feedback):
    _same_place(place, submission)
    _require_runner(actor, place, _fresh(place, submission.tender_id))
    if submission.status != SubmissionStatus.UNSUCCESSFUL:
        raise RuleViolation(_("Feedback is for unsuccessful bids, after the award."))
    if not feedback.strip():
        raise RuleViolation({"feedback": _("Write the feedback.")})
    first = not submission.feedback
    submission.feedback = feedback.strip()
    submission.save(update_fields=["feedback"])
    audit_record(place=place, actor=actor, action="tender.feedback", target=submission)
    if first:
        from coordination.notifications.services import notify

        url = reverse(
            "places:commissioning:submission_detail",
            kwargs={"place_slug": place.slug, "pk": submission.pk},
        )
        for user in _people_of(place, [submission.lead_id]):
            notify(
                place=place,
                user=user,
                kind=NOTIFICATION_KIND,
                title=_("Feedback on your bid for %(ref)s") % {"ref": submission.tender.reference},
                url=url,
            )
    return submission


@transaction.atomic
def submission_withdraw(*, place, actor, submission, now=None):
    """The lead withdraws its bid before the deadline (and may submit a new one)."""
    _same_place(place, submission)
    tender = _lock(_fresh(place, submission.tender_id))
    _require_acting(actor, place, submission.lead, field="lead")
    now = now or timezone.now()
    if tender.stage != Stage.OPEN or (
        tender.submission_deadline and now >= tender.submission_deadline
    ):
        raise RuleViolation(_("Bids have closed: a bid can no longer be withdrawn."))
    audit_record(
        place=place,
        actor=actor,
        action="tender.withdraw",
        target=submission,
        changes={"lead": submission.lead.name},
    )
    Submission.objects.for_place(place).filter(pk=submission.pk).delete()


@transaction.atomic
def demand_period_add(*, place, actor, tender, label, starts_on, indicator, demand, value):
    _same_place(place, tender)
    tender = _fresh(place, tender.pk)
    _require_runner(actor, place, tender)
    period = DemandPeriod(
        place=place,
        tender=tender,
        label=label,
        starts_on=starts_on,
        indicator=indicator,
        demand=demand,
        value=value,
    )
    _full_clean(period)
    period.save()
    audit_record(place=place, actor=actor, action="tender.demand_add", target=period)
    return period
