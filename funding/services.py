"""Every change to programmes, bids and feedback: checked, in a transaction, with its audit entry.

A refused change raises RuleViolation (field messages where a field is at fault) and changes nothing.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.accounts.models import Membership
from coordination.accounts.permissions import can
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.services import notify

# Content sniffing is boards' (magic bytes, not names); proposed to move to coordination/uploads.py.
from coordination.uploads import check_document

from . import permissions
from .models import (
    LIVE_STATES,
    Bid,
    BidAttachment,
    BidEvent,
    BidState,
    CoFundOffer,
    Feedback,
    Programme,
)

PROGRAMME_FIELDS = (
    "title",
    "description",
    "funding_type",
    "amount_min",
    "amount_max",
    "grant_length_months",
    "opens_on",
    "deadline",
    "decision_within_days",
    "eligibility",
    "priority_embedded_local",
    "priority_income_below",
    "flexibility_statement",
    "feedback_commitment_days",
)
BID_FIELDS = ("title", "summary", "amount_requested", "duration_months", "share_summary")
NOTIFY_KIND = "funding"
MAX_ATTACHMENTS = 10


def _full_clean(obj, exclude=None):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict) from exc


def _today(place):
    return timezone.localdate(timezone=place.tz)


def _places_for(place, funder, places):
    """The places a programme runs in: this one, and others only where the funder works."""
    chosen = {p.pk: p for p in (places or [])}
    chosen[place.pk] = place
    works_in = set(funder.places.values_list("pk", flat=True))
    outside = [p.name for p in chosen.values() if p.pk not in works_in]
    if outside:
        raise RuleViolation(
            {
                "places": _("%(funder)s does not work in %(places)s.")
                % {"funder": funder.name, "places": ", ".join(sorted(outside))}
            }
        )
    return list(chosen.values())


def _check_funder(actor, place, funder):
    if funder.pk not in permissions.funder_ids(actor, place):
        raise RuleViolation(
            {"funder": _("You can only run programmes for a funder you act for in this place.")}
        )


@transaction.atomic
def programme_create(*, place, actor, funder, themes=(), places=(), **fields):
    _check_funder(actor, place, funder)
    programme = Programme(
        funder=funder, created_by=actor, **{k: fields[k] for k in PROGRAMME_FIELDS if k in fields}
    )
    _full_clean(programme)
    run_in = _places_for(place, funder, places)
    programme.save()
    programme.places.set(run_in)
    programme.themes.set(themes)
    audit_record(
        place=place,
        actor=actor,
        action="funding.programme.create",
        target=programme,
        changes={
            **{k: fields.get(k) for k in PROGRAMME_FIELDS if k in fields},
            "places": [p.slug for p in run_in],
        },
    )
    return programme


@transaction.atomic
def programme_update(*, place, actor, programme, themes=None, places=None, **fields):
    if not permissions.can_manage_programme(actor, place, programme):
        raise RuleViolation(_("Only the programme's own funder can change it."))
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = {k: getattr(programme, k) for k in PROGRAMME_FIELDS}
    for key in PROGRAMME_FIELDS:
        if key in fields:
            setattr(programme, key, fields[key])
    _full_clean(programme)
    programme.save()
    if places is not None:
        # The places it runs in, always including this one, and only where the funder works.
        run_in = _places_for(place, programme.funder, places)
        programme.places.set(run_in)
    if themes is not None:
        programme.themes.set(themes)
    changes = {
        k: [before[k], getattr(programme, k)]
        for k in PROGRAMME_FIELDS
        if before[k] != getattr(programme, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="funding.programme.update",
        target=programme,
        changes=changes,
    )
    return programme


def _check_programme_open(place, programme, *, field="programme"):
    today = _today(place)
    if not programme.places.filter(pk=place.pk).exists():
        raise RuleViolation(
            {field: _("That programme does not run in %(place)s.") % {"place": place.name}}
        )
    if today < programme.opens_on:
        raise RuleViolation(
            {
                field: _("The programme opens on %(day)s.")
                % {"day": programme.opens_on.strftime("%-d %B %Y")}
            }
        )
    if programme.deadline and today > programme.deadline:
        raise RuleViolation(
            {
                field: _("The deadline for this programme was %(day)s: it takes no more bids.")
                % {"day": programme.deadline.strftime("%-d %B %Y")}
            }
        )


# Attachments: documents sent with a bid, judged by their content and size, never by their names.


def max_attachment_bytes():
    return getattr(settings, "FUNDING_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)


def check_attachments(files, *, already=0):
    """The content type of each upload, in order; RuleViolation on ``attachments`` naming the file
    at fault when one is too big, empty, not a document we accept, or one too many."""
    files = list(files or [])
    if already + len(files) > MAX_ATTACHMENTS:
        raise RuleViolation(
            {
                "attachments": _(
                    "A bid can have at most %(max)d attachments; this one would have %(count)d."
                )
                % {"max": MAX_ATTACHMENTS, "count": already + len(files)}
            }
        )
    limit = max_attachment_bytes()
    types = []
    for upload in files:
        name = (upload.name or _("the file")).rsplit("/", 1)[-1]
        if upload.size > limit:
            raise RuleViolation(
                {
                    "attachments": _(
                        "%(name)s is %(size)s; each attachment must be %(limit)s or smaller."
                    )
                    % {
                        "name": name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(limit),
                    }
                }
            )
        try:
            types.append(check_document(upload, limit=limit, what=_("an attachment")))
        except RuleViolation as exc:
            raise RuleViolation(
                {"attachments": [f"{name}: {message}" for message in exc.messages]}
            ) from exc
    return types


def _save_attachments(place, actor, bid, files, types):
    saved = []
    for upload, content_type in zip(files, types, strict=True):
        attachment = BidAttachment(
            place=place,
            bid=bid,
            original_name=(upload.name or "attachment").rsplit("/", 1)[-1][-200:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.file = upload
        attachment.save()
        saved.append(attachment)
    return saved


def _link_place_rows(bid, place, areas, themes, communities):
    if areas is not None:
        # Through the link table, so no area query runs outside a place scope; only this place's.
        through = Bid.areas.through
        through.objects.filter(bid=bid).delete()
        through.objects.bulk_create(
            [through(bid=bid, area=a) for a in areas if a.place_id == place.pk],
            ignore_conflicts=True,
        )
    if themes is not None:
        bid.themes.set([t for t in themes if t.place_id in (None, place.pk)])
    if communities is not None:
        bid.communities.set(communities)


def _record(bid, *, place, actor, from_state, to_state, at, action, changes=None):
    BidEvent.objects.for_place(place).create(
        place=place, bid=bid, from_state=from_state, to_state=to_state, actor=actor, at=at
    )
    audit_record(
        place=place,
        actor=actor,
        action=action,
        target=bid,
        changes={"state": [from_state or None, to_state], **(changes or {})},
    )


def _members_of(place, organisation_id):
    memberships = (
        Membership.objects.for_place(place)
        .filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user_id")
    )
    seen, people = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership.user)
    return people


def _tell(place, organisation_id, *, title, body, bid, skip=None):
    for person in _members_of(place, organisation_id):
        if skip is not None and person.pk == skip.pk:
            continue
        notify(
            place=place,
            user=person,
            kind=NOTIFY_KIND,
            title=title,
            body=body,
            url=bid.get_absolute_url(),
        )


@transaction.atomic
def bid_create(
    *,
    place,
    actor,
    programme,
    applicant,
    areas=(),
    themes=(),
    communities=(),
    attachments=(),
    **fields,
):
    if applicant.pk not in permissions.applicant_ids(actor, place):
        raise RuleViolation(
            {"applicant": _("You can only bid for an organisation you lead in this place.")}
        )
    _check_programme_open(place, programme)
    bid = Bid(
        place=place,
        programme=programme,
        applicant=applicant,
        created_by=actor,
        **{k: fields[k] for k in BID_FIELDS if k in fields},
    )
    _full_clean(bid)
    attachments = list(attachments or [])
    types = check_attachments(attachments)
    bid.save()
    _link_place_rows(bid, place, areas, themes, communities)
    saved = _save_attachments(place, actor, bid, attachments, types)
    _record(
        bid,
        place=place,
        actor=actor,
        from_state="",
        to_state=BidState.DRAFT,
        at=bid.created_at,
        action="funding.bid.create",
        changes={
            **{k: fields.get(k) for k in BID_FIELDS if k in fields},
            **({"attachments": [a.original_name for a in saved]} if saved else {}),
        },
    )
    return bid


def _locked(place, bid):
    return (
        Bid.objects.for_place(place)
        .select_for_update()
        .select_related("programme", "applicant")
        .get(pk=bid.pk)
    )


@transaction.atomic
def bid_update(
    *, place, actor, bid, areas=None, themes=None, communities=None, attachments=(), **fields
):
    bid = _locked(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can change this bid."))
    if bid.state != BidState.DRAFT:
        raise RuleViolation(
            _("Only a draft bid can be changed; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    before = {k: getattr(bid, k) for k in BID_FIELDS}
    for key in BID_FIELDS:
        if key in fields:
            setattr(bid, key, fields[key])
    _full_clean(bid)
    attachments = list(attachments or [])
    types = check_attachments(
        attachments, already=BidAttachment.objects.for_place(place).filter(bid=bid).count()
    )
    bid.save()
    _link_place_rows(bid, place, areas, themes, communities)
    saved = _save_attachments(place, actor, bid, attachments, types)
    changes = {k: [before[k], getattr(bid, k)] for k in BID_FIELDS if before[k] != getattr(bid, k)}
    if saved:
        changes["attachments_added"] = [a.original_name for a in saved]
    audit_record(place=place, actor=actor, action="funding.bid.update", target=bid, changes=changes)
    return bid


def _check_draft_for_applicant(actor, place, bid, doing):
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(
            _("Only a leader of the applicant organisation can %(doing)s.") % {"doing": doing}
        )
    if bid.state != BidState.DRAFT:
        raise RuleViolation(
            _("Attachments can only change while the bid is a draft; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )


@transaction.atomic
def attachment_add(*, place, actor, bid, files):
    """Add documents to a draft bid."""
    bid = _locked(place, bid)
    _check_draft_for_applicant(actor, place, bid, _("add attachments to this bid"))
    files = list(files or [])
    if not files:
        raise RuleViolation({"attachments": _("Choose a file to attach.")})
    types = check_attachments(
        files, already=BidAttachment.objects.for_place(place).filter(bid=bid).count()
    )
    saved = _save_attachments(place, actor, bid, files, types)
    audit_record(
        place=place,
        actor=actor,
        action="funding.bid.attachments_add",
        target=bid,
        changes={"attachments_added": [a.original_name for a in saved]},
    )
    return saved


@transaction.atomic
def attachment_remove(*, place, actor, attachment):
    """Take a document off a draft bid; the file goes once the removal is committed."""
    attachment = BidAttachment.objects.for_place(place).select_related("bid").get(pk=attachment.pk)
    bid = _locked(place, attachment.bid)
    _check_draft_for_applicant(actor, place, bid, _("remove attachments from this bid"))
    name, stored = attachment.original_name, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(
        place=place,
        actor=actor,
        action="funding.bid.attachment_remove",
        target=bid,
        changes={"attachment_removed": name},
    )
    return bid


def _move(bid, to_state):
    if not bid.can_move_to(to_state):
        raise RuleViolation(
            _("A bid that is %(state)s cannot become %(to)s.")
            % {"state": bid.get_state_display().lower(), "to": BidState(to_state).label.lower()}
        )


@transaction.atomic
def bid_submit(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = _locked(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can submit this bid."))
    _move(bid, BidState.SUBMITTED)
    _check_programme_open(place, bid.programme, field=None)
    _full_clean(bid)
    before = bid.state
    bid.state = BidState.SUBMITTED
    bid.submitted_at = now
    bid.save(update_fields=["state", "submitted_at", "updated_at"])
    _record(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=bid.state,
        at=now,
        action="funding.bid.submit",
    )
    _tell(
        place,
        bid.programme.funder_id,
        title=_("New bid to %(programme)s: %(title)s")
        % {"programme": bid.programme.title, "title": bid.title},
        body=_("%(applicant)s asks for £%(amount)s.")
        % {"applicant": bid.applicant.name, "amount": f"{bid.amount_requested:,.2f}"},
        bid=bid,
    )
    return bid


@transaction.atomic
def bid_withdraw(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = _locked(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the applicant organisation can withdraw this bid."))
    _move(bid, BidState.WITHDRAWN)
    before = bid.state
    bid.state = BidState.WITHDRAWN
    bid.save(update_fields=["state", "updated_at"])
    _record(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=bid.state,
        at=now,
        action="funding.bid.withdraw",
    )
    return bid


def _check_funder_of(actor, place, bid, doing):
    if not permissions.can_decide_bid(actor, place, bid):
        raise RuleViolation(
            _("Only %(funder)s can %(doing)s this bid: it is their programme.")
            % {"funder": bid.programme.funder.name, "doing": doing}
        )


@transaction.atomic
def bid_start_review(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = _locked(place, bid)
    _check_funder_of(actor, place, bid, _("review"))
    _move(bid, BidState.UNDER_REVIEW)
    before = bid.state
    bid.state = BidState.UNDER_REVIEW
    bid.save(update_fields=["state", "updated_at"])
    _record(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=bid.state,
        at=now,
        action="funding.bid.review",
    )
    return bid


@transaction.atomic
def bid_award(*, place, actor, bid, amount, start, months=None, now=None):
    now = now or timezone.now()
    bid = _locked(place, bid)
    _check_funder_of(actor, place, bid, _("award"))
    _move(bid, BidState.AWARDED)
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Enter the amount awarded.")
    elif not bid.programme.amount_in_range(amount):
        errors["amount"] = _("Award between £%(min)s and £%(max)s: the programme's range.") % {
            "min": f"{bid.programme.amount_min:,.0f}",
            "max": f"{bid.programme.amount_max:,.0f}",
        }
    if start is None:
        errors["start"] = _("Enter the date the grant starts.")
    months = months or bid.duration_months
    if months is not None and months < 1:
        errors["months"] = _("A grant lasts at least a month.")
    if errors:
        raise RuleViolation(errors)
    before = bid.state
    bid.state = BidState.AWARDED
    bid.decided_at = now
    bid.amount_awarded = amount
    bid.award_start = start
    bid.award_end = start + relativedelta(months=months) - timedelta(days=1)
    bid.save(
        update_fields=[
            "state",
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "updated_at",
        ]
    )
    _record(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=bid.state,
        at=now,
        action="funding.bid.award",
        changes={"amount_awarded": amount, "award_start": start, "award_end": bid.award_end},
    )
    _tell(
        place,
        bid.applicant_id,
        title=_("%(title)s was awarded £%(amount)s")
        % {"title": bid.title, "amount": f"{amount:,.2f}"},
        body=_("%(funder)s awarded your bid to %(programme)s.")
        % {"funder": bid.programme.funder.name, "programme": bid.programme.title},
        bid=bid,
    )
    return bid


def _signposts_in_place(place, signposts, bid):
    allowed = set(Programme.objects.filter(places=place).values_list("pk", flat=True))
    return [p for p in signposts if p.pk in allowed and p.pk != bid.programme_id]


@transaction.atomic
def bid_decline(
    *,
    place,
    actor,
    bid,
    reasons,
    strengths,
    to_strengthen,
    signposts=(),
    free_text="",
    release=True,
    now=None,
):
    """Decline a bid. Structured feedback is required: there is no decline without it."""
    now = now or timezone.now()
    bid = _locked(place, bid)
    _check_funder_of(actor, place, bid, _("decline"))
    _move(bid, BidState.DECLINED)
    decided_on = timezone.localdate(now, place.tz)
    feedback = Feedback(
        place=place,
        bid=bid,
        reasons=list(reasons or []),
        strengths=strengths or "",
        to_strengthen=to_strengthen or "",
        free_text=free_text or "",
        due_on=decided_on + timedelta(days=bid.programme.feedback_commitment_days),
        released_at=now if release else None,
        written_by=actor,
    )
    _full_clean(feedback, exclude=["bid"])
    before = bid.state
    bid.state = BidState.DECLINED
    bid.decided_at = now
    bid.save(update_fields=["state", "decided_at", "updated_at"])
    feedback.save()
    feedback.signposts.set(_signposts_in_place(place, signposts, bid))
    _record(
        bid,
        place=place,
        actor=actor,
        from_state=before,
        to_state=bid.state,
        at=now,
        action="funding.bid.decline",
        changes={
            "reasons": feedback.reasons,
            "feedback_due_on": feedback.due_on,
            "released": release,
        },
    )
    if release:  # released with the decision: announced as any later release is
        audit_record(
            place=place,
            actor=actor,
            action="funding.feedback.release",
            target=bid,
            changes={"released_at": now},
        )
    _tell(
        place,
        bid.applicant_id,
        title=_("%(title)s was not funded") % {"title": bid.title},
        body=(
            _("%(funder)s has given feedback.")
            if release
            else _("%(funder)s will give feedback by %(day)s.")
        )
        % {"funder": bid.programme.funder.name, "day": feedback.due_on.strftime("%-d %B %Y")},
        bid=bid,
    )
    return bid


@transaction.atomic
def feedback_release(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = _locked(place, bid)
    _check_funder_of(actor, place, bid, _("give feedback on"))
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None:
        raise RuleViolation(_("This bid has no feedback to release."))
    if feedback.released_at is not None:
        raise RuleViolation(_("This feedback was released already."))
    feedback.released_at = now
    feedback.save(update_fields=["released_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.feedback.release",
        target=bid,
        changes={"released_at": now},
    )
    _tell(
        place,
        bid.applicant_id,
        title=_("Feedback on %(title)s") % {"title": bid.title},
        body=_("%(funder)s has released its feedback.") % {"funder": bid.programme.funder.name},
        bid=bid,
    )
    return feedback


@transaction.atomic
def feedback_rate(*, place, actor, bid, helped, comment="", now=None):
    """The applicant says whether the feedback helped."""
    now = now or timezone.now()
    bid = _locked(place, bid)
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(
            _("Only a leader of the applicant organisation can rate this feedback.")
        )
    feedback = Feedback.objects.for_place(place).select_for_update().filter(bid=bid).first()
    if feedback is None or feedback.released_at is None:
        raise RuleViolation(_("There is no feedback to rate yet."))
    if helped is None:
        raise RuleViolation({"helped": _("Say whether the feedback helped.")})
    feedback.helped = bool(helped)
    feedback.helped_comment = comment or ""
    feedback.helped_at = now
    feedback.save(update_fields=["helped", "helped_comment", "helped_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.feedback.rate",
        target=bid,
        changes={"helped": feedback.helped, "comment": feedback.helped_comment},
    )
    return feedback


@transaction.atomic
def cofund_offer(*, place, actor, bid, funder, amount, message=""):
    """Another funder offers to co-fund a bid whose applicant shared its summary with funders."""
    bid = _locked(place, bid)
    if not can(actor, place, "coordinate_funding") or funder.pk not in permissions.funder_ids(
        actor, place
    ):
        raise RuleViolation({"funder": _("You can only offer for a funder you act for here.")})
    if funder.pk == bid.programme.funder_id:
        raise RuleViolation(_("This is your own programme's bid: award it instead."))
    if not bid.share_summary or bid.state not in (*LIVE_STATES, BidState.AWARDED):
        raise RuleViolation(
            _("Only a live or awarded bid whose summary is shared can be co-funded.")
        )
    if amount is None or amount <= 0:
        raise RuleViolation({"amount": _("Enter the amount you could offer.")})
    if CoFundOffer.objects.for_place(place).filter(bid=bid, funder=funder).exists():
        raise RuleViolation(_("%(funder)s has offered already.") % {"funder": funder.name})
    offer = CoFundOffer(
        place=place, bid=bid, funder=funder, amount=amount, message=message or "", offered_by=actor
    )
    _full_clean(offer)
    offer.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.cofund.offer",
        target=bid,
        changes={"funder": funder.name, "amount": amount},
    )
    _tell(
        place,
        bid.programme.funder_id,
        title=_("%(funder)s offers to co-fund %(title)s")
        % {"funder": funder.name, "title": bid.title},
        body=_("£%(amount)s offered. %(message)s")
        % {"amount": f"{amount:,.2f}", "message": message},
        bid=bid,
    )
    return offer
