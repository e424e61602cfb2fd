"""Every change to programmes, bids and feedback: checked, in a transaction, with its audit entry.

A refused change raises RuleViolation (field messages where a field is at fault) and changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import permissions as board_permissions
from boards import services as board_services
from boards.models import BoardKind, BoardMembership, Position, ProposalStatus, Vote, VoteChoice
from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import can, roles_in
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.services import notify

# Content sniffing is boards' (magic bytes, not names); proposed to move to coordination/uploads.py.
from coordination.uploads import BID_ATTACHMENTS

from .. import permissions
from ..models import (
    DECIDED_STATES,
    LIVE_STATES,
    SHORT_FORM_LIMIT,
    Bid,
    BidAttachment,
    BidEvent,
    BidState,
    BoardFund,
    CoFundOffer,
    Feedback,
    FundApplication,
    FundingType,
    FundOutcome,
    FundPayment,
    FundPriority,
    GrantReport,
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


# Attachments: documents sent with a bid, under the bid attachments upload policy (content and size).


def max_attachment_bytes():
    return BID_ATTACHMENTS.limit()


def check_attachments(files, *, already=0):
    """The content type of each upload, in order; RuleViolation on ``attachments`` naming the file
    at fault when the policy refuses it, or when it is one too many."""
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
    types = []
    for upload in files:
        name = (upload.name or _("the file")).rsplit("/", 1)[-1]
        try:
            types.append(BID_ATTACHMENTS.check(upload).mime)
        except ValidationError as exc:
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
        _full_clean(attachment, exclude=["bid"])
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
    if programme.board_id:
        raise RuleViolation(
            {
                "programme": _(
                    "This is a board's fund: apply through the fund's own short application form."
                )
            }
        )
    return _new_bid(
        place=place,
        actor=actor,
        programme=programme,
        applicant=applicant,
        areas=areas,
        themes=themes,
        communities=communities,
        attachments=attachments,
        **fields,
    )


def _new_bid(
    *, place, actor, programme, applicant, areas, themes, communities, attachments, **fields
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
    if bid.programme.board_id:
        _check_within_fund(
            place, bid.programme.board_fund, bid.amount_requested, "amount_requested"
        )
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
    if bid.programme.board_id:
        _tell_board(
            place,
            bid.programme.board,
            title=_("A new application to %(board)s's fund: %(title)s")
            % {"board": bid.programme.board.name, "title": bid.title},
            body=_("%(applicant)s asks for £%(amount)s. Put it on a meeting's agenda.")
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


def _funder_name(programme):
    """Who an applicant is told decided: the board, for a board's fund."""
    return programme.board.name if programme.board_id else programme.funder.name


def _check_funder_of(actor, place, bid, doing):
    if bid.programme.board_id:
        raise RuleViolation(
            _(
                "This is an application to %(board)s's fund: the board decides it at a meeting, "
                "with the application on the agenda."
            )
            % {"board": bid.programme.board.name}
        )
    if not permissions.can_decide_bid(actor, place, bid):
        raise RuleViolation(
            _("Only %(funder)s can %(doing)s this bid: it is their programme.")
            % {"funder": _funder_name(bid.programme), "doing": doing}
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
    return _apply_award(place, actor, bid, amount=amount, start=start, months=months, now=now)


def _apply_award(place, actor, bid, *, amount, start, months, now):
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
        % {"funder": _funder_name(bid.programme), "programme": bid.programme.title},
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
    return _apply_decline(
        place,
        actor,
        bid,
        reasons=reasons,
        strengths=strengths,
        to_strengthen=to_strengthen,
        signposts=signposts,
        free_text=free_text,
        release=release,
        now=now,
    )


def _apply_decline(
    place, actor, bid, *, reasons, strengths, to_strengthen, signposts, free_text, release, now
):
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
        % {"funder": _funder_name(bid.programme), "day": feedback.due_on.strftime("%-d %B %Y")},
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
        body=_("%(funder)s has released its feedback.") % {"funder": _funder_name(bid.programme)},
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


# Community board funds: a board's devolved budget. Its programme is the funding programme local
# groups apply to; its board decides each application at a meeting, with the application on the
# agenda, members' declared interests in the minutes and no vote from a member with an interest.

FUND_FIELDS = ("budget", "priorities_meeting", "report_due_weeks", "low_balance_percent")


def _tell_board(place, board, *, title, body, bid):
    officers = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board=board, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    )
    seen = set()
    for seat in officers:
        if seat.user_id in seen:
            continue
        seen.add(seat.user_id)
        notify(
            place=place,
            user=seat.user,
            kind=NOTIFY_KIND,
            title=title,
            body=body,
            url=bid.get_absolute_url(),
        )


def fund_totals(place, fund):
    """The fund with ``committed``, ``paid`` and ``awaiting`` read now from the database."""
    from ..selectors import with_totals

    return with_totals(BoardFund.objects.for_place(place).filter(pk=fund.pk)).get()


def _check_within_fund(place, fund, amount, field):
    totals = fund_totals(place, fund)
    if amount is not None and amount > totals.left:
        raise RuleViolation(
            {
                field: _("%(board)s's fund has £%(left)s left for %(year)s: ask for that or less.")
                % {
                    "board": totals.board.name,
                    "left": f"{max(totals.left, 0):,.2f}",
                    "year": totals.year_label,
                }
            }
        )
    return totals


def _check_runs_board(actor, board, doing):
    if not board_permissions.can_manage_board(actor, board):
        raise RuleViolation(
            _("Only %(board)s's chair, vice-chair or secretary, or a coordinator, can %(doing)s.")
            % {"board": board.name, "doing": doing}
        )


def _financial_year_dates(year):
    return date(year, 4, 1), date(year + 1, 3, 31)


@transaction.atomic
def fund_create(
    *,
    place,
    actor,
    board,
    year,
    budget,
    accountable_body,
    description="",
    amount_max=None,
    priorities=(),
    priorities_meeting=None,
    report_due_weeks=12,
    low_balance_percent=20,
):
    """Give a board a fund for a financial year. Community boards hold funds; any other board
    only when the place admin sets it up."""
    _check_runs_board(actor, board, _("set up its fund"))
    if board.kind != BoardKind.COMMUNITY_BOARD and Role.PLACE_ADMIN not in roles_in(actor, place):
        raise RuleViolation(
            {"board": _("Only community boards hold funds, unless the place admin sets one up.")}
        )
    errors = {}
    if budget is None or budget <= 0:
        errors["budget"] = _("Enter the fund's budget for the year.")
    if accountable_body is None or not accountable_body.places.filter(pk=place.pk).exists():
        errors["accountable_body"] = _(
            "Choose the organisation in %(place)s that holds the money."
        ) % {"place": place.name}
    today = _today(place)
    starts, ends = _financial_year_dates(year) if year else (None, None)
    if year is None:
        errors["year"] = _("Enter the year the financial year starts.")
    elif ends < today:
        errors["year"] = _("The financial year %(label)s has ended.") % {
            "label": f"{year}/{(year + 1) % 100:02d}"
        }
    if amount_max is not None and budget is not None and amount_max > budget:
        errors["amount_max"] = _("The largest grant cannot be more than the budget.")
    if (
        BoardFund.objects.for_place(place).filter(board=board, year=year).exists()
        and "year" not in errors
    ):
        errors["year"] = _("%(board)s already has a fund for that year.") % {"board": board.name}
    if errors:
        raise RuleViolation(errors)
    label = f"{year}/{(year + 1) % 100:02d}"
    programme = Programme(
        funder=accountable_body,
        board=board,
        title=_("%(board)s fund %(year)s") % {"board": board.name, "year": label},
        description=description.strip()
        or _(
            "Grants from %(board)s for local groups, including community groups that are not "
            "registered charities."
        )
        % {"board": board.name},
        funding_type=FundingType.PROJECT,
        amount_min=Decimal("1"),
        amount_max=amount_max or budget,
        grant_length_months=12,
        opens_on=max(starts, today),
        deadline=ends,
        decision_within_days=90,
        feedback_commitment_days=28,
        eligibility=_("Local groups working in %(area)s, registered or not.")
        % {"area": board.area.name if board.area_id else place.name},
        created_by=actor,
    )
    _full_clean(programme)
    programme.save()
    programme.places.set([place])
    fund = BoardFund(
        place=place,
        board=board,
        programme=programme,
        year=year,
        budget=budget,
        priorities_meeting=priorities_meeting,
        report_due_weeks=report_due_weeks,
        low_balance_percent=low_balance_percent,
        created_by=actor,
    )
    _full_clean(fund)
    fund.save()
    titles = _priority_titles(priorities)
    FundPriority.objects.for_place(place).bulk_create(
        [
            FundPriority(place=place, fund=fund, order=i, title=title)
            for i, title in enumerate(titles, start=1)
        ]
    )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund.create",
        target=fund,
        changes={
            "board": board.name,
            "year": label,
            "budget": budget,
            "priorities": titles,
            "priorities_meeting": priorities_meeting,
        },
    )
    return fund


def _priority_titles(priorities):
    if isinstance(priorities, str):
        priorities = priorities.splitlines()
    return [p.strip()[:200] for p in priorities or () if p and p.strip()]


@transaction.atomic
def fund_update(*, place, actor, fund, add_priorities=(), **fields):
    """Change the budget, the meeting that agreed the priorities, the report and low-balance
    settings; add priorities. The budget never falls below what is already committed."""
    fund = BoardFund.objects.for_place(place).select_for_update().get(pk=fund.pk)
    _check_runs_board(actor, fund.board, _("change its fund"))
    before = {k: getattr(fund, k) for k in FUND_FIELDS}
    for key in FUND_FIELDS:
        if key in fields and fields[key] is not None:
            setattr(fund, key, fields[key])
    totals = fund_totals(place, fund)
    if fund.budget < totals.committed:
        raise RuleViolation(
            {
                "budget": _("£%(committed)s is already committed: the budget cannot be less.")
                % {"committed": f"{totals.committed:,.2f}"}
            }
        )
    _full_clean(fund)
    fund.save()
    programme = fund.programme
    if programme.amount_max > fund.budget:
        programme.amount_max = fund.budget
        programme.save(update_fields=["amount_max", "updated_at"])
    titles = _priority_titles(add_priorities)
    last = FundPriority.objects.for_place(place).filter(fund=fund).count()
    FundPriority.objects.for_place(place).bulk_create(
        [
            FundPriority(place=place, fund=fund, order=last + i, title=title)
            for i, title in enumerate(titles, start=1)
        ]
    )
    changes = {
        k: [before[k], getattr(fund, k)] for k in FUND_FIELDS if before[k] != getattr(fund, k)
    }
    if titles:
        changes["priorities_added"] = titles
    audit_record(
        place=place, actor=actor, action="funding.fund.update", target=fund, changes=changes
    )
    return fund


def is_short_form(amount):
    """A short application: a few questions for a small amount, more above the limit."""
    return amount is None or amount <= SHORT_FORM_LIMIT


@transaction.atomic
def fund_application_create(
    *,
    place,
    actor,
    fund,
    applicant,
    title,
    summary,
    amount_requested,
    priority=None,
    proposal=None,
    duration_months=None,
    outcomes="",
    budget_breakdown="",
    other_funding="",
    areas=None,
    share_summary=False,
    attachments=(),
):
    """A local group's application to a board's fund: a draft bid the group then submits.

    Up to SHORT_FORM_LIMIT it asks what, how much and which priority; above it also how the group
    will know it worked and what the money buys. An amount over what the fund has left is refused.
    A resident's idea (``proposal``) keeps its link, so the idea's page shows where it went.
    """
    fund = BoardFund.objects.for_place(place).select_related("board", "programme").get(pk=fund.pk)
    errors = {}
    if priority is not None and priority.fund_id != fund.pk:
        errors["priority"] = _("Choose one of this fund's priorities.")
    if proposal is not None and proposal.board_id != fund.board_id:
        errors["proposal"] = _("Choose an idea put to %(board)s.") % {"board": fund.board.name}
    if not is_short_form(amount_requested):
        limit = f"{SHORT_FORM_LIMIT:,.0f}"
        if not (outcomes or "").strip():
            errors["outcomes"] = _("For more than £%(limit)s, say how you will know it worked.") % {
                "limit": limit
            }
        if not (budget_breakdown or "").strip():
            errors["budget_breakdown"] = _(
                "For more than £%(limit)s, say what the money will be spent on."
            ) % {"limit": limit}
    if errors:
        raise RuleViolation(errors)
    _check_within_fund(place, fund, amount_requested, "amount_requested")
    if areas is None:
        areas = [fund.board.area] if fund.board.area_id else []
    bid = _new_bid(
        place=place,
        actor=actor,
        programme=fund.programme,
        applicant=applicant,
        areas=areas,
        themes=(),
        communities=(),
        attachments=attachments,
        title=title,
        summary=summary,
        amount_requested=amount_requested,
        duration_months=duration_months or fund.programme.grant_length_months,
        share_summary=share_summary,
    )
    application = FundApplication(
        place=place,
        bid=bid,
        fund=fund,
        priority=priority,
        proposal=proposal,
        outcomes=(outcomes or "").strip(),
        budget_breakdown=(budget_breakdown or "").strip(),
        other_funding=(other_funding or "").strip(),
    )
    _full_clean(application)
    application.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.create",
        target=application,
        changes={
            "fund": str(fund),
            "priority": priority,
            "proposal": proposal,
            "short_form": is_short_form(amount_requested),
        },
    )
    return application


def _locked_application(place, application):
    application = (
        FundApplication.objects.for_place(place)
        .select_for_update(of=("self",))
        .select_related("fund", "fund__board", "bid", "agenda_item")
        .get(pk=application.pk)
    )
    # The fund row too: two decisions at once cannot both spend the last of the budget.
    BoardFund.objects.for_place(place).select_for_update().filter(pk=application.fund_id).first()
    return application


@transaction.atomic
def fund_application_schedule(*, place, actor, application, meeting, now=None):
    """Put a submitted application on the agenda of one of the board's meetings."""
    now = now or timezone.now()
    application = _locked_application(place, application)
    board = application.fund.board
    _check_runs_board(actor, board, _("put applications on its agenda"))
    bid = _locked(place, application.bid)
    if bid.state not in LIVE_STATES:
        raise RuleViolation(
            _("Only a submitted application goes on an agenda; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    if meeting is None or meeting.board_id != board.pk:
        raise RuleViolation({"meeting": _("Choose a meeting of %(board)s.") % {"board": board}})
    if meeting.cancelled_at is not None:
        raise RuleViolation({"meeting": _("That meeting has been cancelled.")})
    if meeting.ends_at <= now:
        raise RuleViolation({"meeting": _("That meeting is over: choose one still to come.")})
    current = application.agenda_item
    if current is not None and current.meeting.ends_at > now:
        raise RuleViolation(
            _("It is already on the agenda of %(meeting)s.") % {"meeting": current.meeting.title}
        )
    item = board_services.agenda_item_add(
        place=place,
        actor=actor,
        meeting=meeting,
        title=_("Fund application: %(title)s from %(applicant)s (£%(amount)s)")
        % {
            "title": bid.title,
            "applicant": bid.applicant.name,
            "amount": f"{bid.amount_requested:,.0f}",
        },
        description=bid.summary,
    )
    application.agenda_item = item
    application.save(update_fields=["agenda_item", "updated_at"])
    if bid.state == BidState.SUBMITTED:
        bid.state = BidState.UNDER_REVIEW
        bid.save(update_fields=["state", "updated_at"])
        _record(
            bid,
            place=place,
            actor=actor,
            from_state=BidState.SUBMITTED,
            to_state=BidState.UNDER_REVIEW,
            at=now,
            action="funding.bid.review",
        )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.schedule",
        target=application,
        changes={"meeting": meeting, "agenda_item": item.pk},
    )
    when = timezone.localtime(meeting.starts_at, place.tz)
    _tell(
        place,
        bid.applicant_id,
        title=_("%(title)s goes to %(board)s on %(day)s")
        % {"title": bid.title, "board": board.name, "day": when.strftime("%-d %B %Y")},
        body=_("The board decides it at %(meeting)s.") % {"meeting": meeting.title},
        bid=bid,
    )
    return application


@transaction.atomic
def fund_application_decide(
    *,
    place,
    actor,
    application,
    meeting,
    outcome,
    reason,
    amount=None,
    start=None,
    months=None,
    reasons=(),
    strengths="",
    to_strengthen="",
    free_text="",
    now=None,
):
    """The board's decision on an application, taken at a meeting where it is on the agenda.

    Refused outside a meeting (none given, another board's, cancelled, not yet started, or the
    application not on its agenda), a second time, an award over what the fund has left, and an
    award the recorded vote went against. The decision and its reason go in the minutes with the
    vote; a decline carries feedback as any funder's does; an award to a resident's idea answers it.
    """
    now = now or timezone.now()
    application = _locked_application(place, application)
    fund, board = application.fund, application.fund.board
    _check_runs_board(actor, board, _("decide applications to its fund"))
    bid = _locked(place, application.bid)
    if bid.state in DECIDED_STATES:
        decided_at = application.decided_at_meeting
        raise RuleViolation(
            _(
                "This application was already decided (%(state)s) at %(meeting)s: a decision is "
                "taken once."
            )
            % {
                "state": bid.get_state_display().lower(),
                "meeting": decided_at.title if decided_at else _("an earlier meeting"),
            }
        )
    if bid.state not in LIVE_STATES:
        raise RuleViolation(
            _("Only a submitted application can be decided; this one is %(state)s.")
            % {"state": bid.get_state_display().lower()}
        )
    if meeting is None:
        raise RuleViolation(
            {
                "meeting": _(
                    "Decisions on %(board)s's fund are taken at a meeting of the board: choose it."
                )
                % {"board": board.name}
            }
        )
    if meeting.board_id != board.pk:
        raise RuleViolation({"meeting": _("Choose a meeting of %(board)s.") % {"board": board}})
    if meeting.cancelled_at is not None:
        raise RuleViolation({"meeting": _("That meeting was cancelled: it decides nothing.")})
    if meeting.starts_at > now:
        raise RuleViolation(
            {"meeting": _("That meeting has not started: the decision is taken at the meeting.")}
        )
    item = application.agenda_item
    if item is None or item.meeting_id != meeting.pk:
        raise RuleViolation(
            {"meeting": _("Put the application on this meeting's agenda before deciding it.")}
        )
    if not (reason or "").strip():
        raise RuleViolation({"reason": _("Record the reason for the decision.")})
    votes = list(Vote.objects.for_place(place).filter(agenda_item=item))
    count = {c: sum(1 for v in votes if v.choice == c) for c in VoteChoice.values}
    if outcome == FundOutcome.AWARD:
        amount = amount if amount is not None else bid.amount_requested
        if votes and count[VoteChoice.FOR] <= count[VoteChoice.AGAINST]:
            raise RuleViolation(
                {
                    "outcome": _(
                        "The vote recorded was not in favour (%(for)d for, %(against)d against): "
                        "the board cannot award it."
                    )
                    % {"for": count[VoteChoice.FOR], "against": count[VoteChoice.AGAINST]}
                }
            )
        _check_within_fund(place, fund, amount, "amount")
        _apply_award(
            place,
            actor,
            bid,
            amount=amount,
            start=start or _today(place),
            months=months or bid.duration_months,
            now=now,
        )
        application.report_due_on = timezone.localdate(now, place.tz) + timedelta(
            weeks=fund.report_due_weeks
        )
        text = _("Awarded £%(amount)s to %(applicant)s for “%(title)s”.") % {
            "amount": f"{amount:,.2f}",
            "applicant": bid.applicant.name,
            "title": bid.title,
        }
    elif outcome == FundOutcome.DECLINE:
        _apply_decline(
            place,
            actor,
            bid,
            reasons=reasons,
            strengths=strengths,
            to_strengthen=to_strengthen,
            signposts=(),
            free_text=free_text,
            release=True,
            now=now,
        )
        text = _("Declined the application from %(applicant)s for “%(title)s”.") % {
            "applicant": bid.applicant.name,
            "title": bid.title,
        }
    else:
        raise RuleViolation({"outcome": _("Choose award or decline.")})
    reason = reason.strip()
    minute = _(
        "%(text)s Reason: %(reason)s Vote: %(for)d for, %(against)d against, "
        "%(abstain)d abstaining."
    ) % {
        "text": text,
        "reason": reason,
        "for": count[VoteChoice.FOR],
        "against": count[VoteChoice.AGAINST],
        "abstain": count[VoteChoice.ABSTAIN],
    }
    board_services.decision_record(
        place=place, actor=actor, meeting=meeting, text=minute, agenda_item=item
    )
    application.decided_at_meeting = meeting
    application.decision_reason = reason
    application.save(
        update_fields=["decided_at_meeting", "decision_reason", "report_due_on", "updated_at"]
    )
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.decide",
        target=application,
        changes={"outcome": outcome, "meeting": meeting, "reason": reason, "votes": count},
    )
    if outcome == FundOutcome.AWARD and application.proposal_id:
        board_services.proposal_answer(
            place=place,
            actor=actor,
            proposal=application.proposal,
            status=ProposalStatus.ACCEPTED,
            answer=_("Funded by %(board)s: £%(amount)s to %(applicant)s for “%(title)s”.")
            % {
                "board": board.name,
                "amount": f"{amount:,.2f}",
                "applicant": bid.applicant.name,
                "title": bid.title,
            },
        )
    return application


def _check_awarded(application, doing):
    if application.bid.state != BidState.AWARDED:
        raise RuleViolation(_("Only an awarded grant can %(doing)s.") % {"doing": doing})
    if application.withdrawn_at is not None:
        raise RuleViolation(_("This grant was withdrawn."))


@transaction.atomic
def fund_payment_record(*, place, actor, application, amount, paid_on=None, note=""):
    """Record money paid out on an awarded grant; payments never add up to more than the award."""
    application = _locked_application(place, application)
    _check_runs_board(actor, application.fund.board, _("record payments from its fund"))
    _check_awarded(application, _("be paid"))
    if amount is None or amount <= 0:
        raise RuleViolation({"amount": _("Enter the amount paid.")})
    remaining = application.bid.amount_awarded - application.paid_amount
    if amount > remaining:
        raise RuleViolation(
            {
                "amount": _("Only £%(remaining)s of the £%(awarded)s award is still to pay.")
                % {
                    "remaining": f"{remaining:,.2f}",
                    "awarded": f"{application.bid.amount_awarded:,.2f}",
                }
            }
        )
    payment = FundPayment(
        place=place,
        application=application,
        amount=amount,
        paid_on=paid_on or _today(place),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    _full_clean(payment)
    payment.save()
    application.paid_amount += amount
    application.save(update_fields=["paid_amount", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_payment.record",
        target=application,
        changes={"amount": amount, "paid_on": payment.paid_on},
    )
    return payment


@transaction.atomic
def fund_grant_withdraw(*, place, actor, application, reason, now=None):
    """Withdraw an awarded grant (the group could not go ahead): what was not yet paid goes back
    to the fund; what was paid stays committed."""
    now = now or timezone.now()
    application = _locked_application(place, application)
    _check_runs_board(actor, application.fund.board, _("withdraw grants from its fund"))
    _check_awarded(application, _("be withdrawn"))
    if not (reason or "").strip():
        raise RuleViolation({"reason": _("Say why the grant is withdrawn.")})
    application.withdrawn_at = now
    application.withdrawn_reason = reason.strip()
    application.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
    released = application.bid.amount_awarded - application.paid_amount
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_grant.withdraw",
        target=application,
        changes={"reason": application.withdrawn_reason, "released": released},
    )
    _tell(
        place,
        application.bid.applicant_id,
        title=_("Your grant for %(title)s was withdrawn") % {"title": application.bid.title},
        body=application.withdrawn_reason,
        bid=application.bid,
    )
    return application


@transaction.atomic
def grant_report_submit(*, place, actor, application, what_happened, people_reached=None):
    """The grantee's short report on what the money did, shown on the fund's public page."""
    application = _locked_application(place, application)
    bid = application.bid
    if not permissions.can_act_as_applicant(actor, place, bid):
        raise RuleViolation(_("Only a leader of the group that got the grant can report on it."))
    if bid.state != BidState.AWARDED:
        raise RuleViolation(_("Only an awarded grant is reported on."))
    if GrantReport.objects.for_place(place).filter(application=application).exists():
        raise RuleViolation(_("The report on this grant has been sent already."))
    if not (what_happened or "").strip():
        raise RuleViolation({"what_happened": _("Say what the money did.")})
    report = GrantReport(
        place=place,
        application=application,
        what_happened=what_happened.strip(),
        people_reached=people_reached,
        submitted_by=actor,
    )
    _full_clean(report)
    report.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.grant_report.submit",
        target=application,
        changes={"people_reached": people_reached},
    )
    _tell_board(
        place,
        application.fund.board,
        title=_("%(applicant)s reported on %(title)s")
        % {"applicant": bid.applicant.name, "title": bid.title},
        body=report.what_happened[:300],
        bid=bid,
    )
    return report
