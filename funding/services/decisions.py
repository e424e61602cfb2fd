"""A funder's decisions on a bid to its programme: start the review, award it, or decline it with
structured feedback (there is no decline without it). A board's fund decides at a meeting
(fund_decisions), through the same award and decline."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import BidState, Feedback, Programme
from . import news
from ._common import (
    check_funder_of,
    check_move,
    funder_name,
    locked_bid,
    move_bid,
)


@transaction.atomic
def bid_start_review(*, place, actor, bid, now=None):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("review"))
    check_move(bid, BidState.UNDER_REVIEW)
    move_bid(
        bid, BidState.UNDER_REVIEW, place=place, actor=actor, at=now, action="funding.bid.review"
    )
    return bid


@transaction.atomic
def bid_award(
    *,
    place,
    actor,
    bid,
    amount,
    start,
    months=None,
    spend_by=None,
    awarded_in_past=False,
    now=None,
):
    now = now or timezone.now()
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("award"))
    bid = apply_award(
        place,
        actor,
        bid,
        amount=amount,
        start=start,
        months=months,
        spend_by=spend_by,
        awarded_in_past=awarded_in_past,
        now=now,
    )
    news.tell_bid_awarded(place, actor, bid, funder_name(bid.programme))
    return bid


def apply_award(
    place, actor, bid, *, amount, start, months, now, spend_by=None, awarded_in_past=False
):
    """Award a locked bid, the funder's checks made: by its funder (bid_award) or by a board at
    a meeting (fund_application_decide). A start long before the decision is refused unless
    ``awarded_in_past`` says the grant is recorded after the fact on purpose. ``spend_by`` is the
    day its money must be spent by: the funder's form and the API ask for it; where a caller does
    not say (a board's grant), the money is spent by the grant's end. The caller tells the
    applicant (news), as a funder's or as a board's decision."""
    check_move(bid, BidState.AWARDED)
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
    if start is not None:
        bid.decided_at, bid.award_start = now, start
        bid.awarded_in_past = bool(awarded_in_past)
        with timezone.override(place.tz):
            if start_errors := bid.award_start_errors():
                errors["start"] = start_errors["award_start"]
    if start is not None and months is not None and months >= 1:
        bid.award_end = start + relativedelta(months=months) - timedelta(days=1)
        bid.spend_by = spend_by or bid.award_end
        if spend_errors := bid.spend_by_errors():
            errors["spend_by"] = spend_errors["spend_by"]
    if errors:
        raise RuleViolation(errors)
    bid.decided_at = now
    bid.amount_awarded = amount
    bid.award_start = start
    move_bid(
        bid,
        BidState.AWARDED,
        place=place,
        actor=actor,
        at=now,
        action="funding.bid.award",
        fields=[
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "spend_by",
            "awarded_in_past",
        ],
        changes={
            "amount_awarded": amount,
            "award_start": start,
            "award_end": bid.award_end,
            "spend_by": bid.spend_by,
            "awarded_in_past": bid.awarded_in_past,
        },
    )
    return bid


def signposts_in_place(place, signposts, bid):
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
    bid = locked_bid(place, bid)
    check_funder_of(actor, place, bid, _("decline"))
    bid = apply_decline(
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
    news.tell_bid_declined(place, actor, bid, funder_name(bid.programme), bid.feedback)
    return bid


def apply_decline(
    place, actor, bid, *, reasons, strengths, to_strengthen, signposts, free_text, release, now
):
    """Decline a locked bid with its feedback, the funder's checks made: by its funder
    (bid_decline) or by a board at a meeting (fund_application_decide). The caller tells the
    applicant (news)."""
    check_move(bid, BidState.DECLINED)
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
    full_clean(feedback, exclude=["bid"])
    bid.decided_at = now
    feedback.save()
    feedback.signposts.set(signposts_in_place(place, signposts, bid))
    move_bid(
        bid,
        BidState.DECLINED,
        place=place,
        actor=actor,
        at=now,
        action="funding.bid.decline",
        fields=["decided_at"],
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
    return bid
