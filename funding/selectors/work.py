"""What funding waits on a person for: an organisation's own bids and board-fund applications, a
funder's decisions, feedback and co-funding offers on its programmes' bids, and the applications
a board's officers decide. Each read is one query whatever the number of rows, and reads only
what the person sees in full (``bids_visible_to``): their organisation's bids, bids to their
programmes once submitted, applications to the funds of boards they run."""

from datetime import timedelta

from django.db.models import Q

from boards.selectors import boards_run_by

from .. import permissions
from ..models import LIVE_STATES, Bid, BidState, BoardFund, CoFundOffer, Feedback, FundApplication
from .bids import bid_audience, bids_visible_to

# How long a decided bid stays in its applicant's work, and an offer in its funder's.
RECENT = timedelta(days=90)


def _visible(user, place, among):
    """bids_visible_to, its audience read once for the person's sections on one page."""
    cache = user.__dict__.setdefault("_inplace_funding_audience", {})
    if place.pk not in cache:
        cache[place.pk] = bid_audience(user, place)
    return bids_visible_to(user, place, among=among, audience=cache[place.pk])


def _bids(place):
    return Bid.objects.for_place(place).select_related(
        "place", "programme", "programme__funder", "programme__board", "applicant"
    )


def applicant_work(user, place, now):
    """The bids of the organisations this person leads here: drafts (to programmes open or closed
    in the last 90 days), live ones, those decided in the last 90 days, and board grants whose
    report is owed."""
    organisations = permissions.applicant_ids(user, place)
    if not organisations:
        return []
    since = now - RECENT
    today = now.astimezone(place.tz).date()
    bids = (
        _visible(user, place, _bids(place))
        .filter(applicant_id__in=organisations)
        .filter(
            Q(state=BidState.DRAFT)
            & (Q(programme__deadline__isnull=True) | Q(programme__deadline__gte=today - RECENT))
            | Q(state__in=LIVE_STATES)
            | Q(state__in=(BidState.AWARDED, BidState.DECLINED), decided_at__gte=since)
            | Q(
                state=BidState.AWARDED,
                fund_application__report_due_on__isnull=False,
                fund_application__report__isnull=True,
                fund_application__withdrawn_at__isnull=True,
            )
        )
        .select_related(
            "feedback",
            "fund_application",
            "fund_application__fund",
            "fund_application__report",
            "fund_application__agenda_item__meeting",
        )
        .order_by("pk")
    )
    return list(bids)


def funder_bids_to_decide(user, place):
    """Submitted and under-review bids to the programmes of the funders this person acts for
    (a board's fund is decided by its board, not here)."""
    funders = permissions.funder_ids(user, place)
    if not funders:
        return []
    return list(
        _visible(user, place, _bids(place))
        .filter(
            programme__funder_id__in=funders,
            programme__board__isnull=True,
            state__in=LIVE_STATES,
        )
        .order_by("pk")
    )


def funder_feedback_owed(user, place):
    """Declined bids to this person's funders' programmes whose feedback is not released yet."""
    funders = permissions.funder_ids(user, place)
    if not funders:
        return []
    visible = _visible(user, place, Bid.objects.for_place(place))
    return list(
        Feedback.objects.for_place(place)
        .filter(
            bid__in=visible.values("pk"),
            bid__state=BidState.DECLINED,
            bid__programme__funder_id__in=funders,
            bid__programme__board__isnull=True,
            released_at__isnull=True,
        )
        .select_related("bid", "bid__place", "bid__programme", "bid__applicant")
        .order_by("pk")
    )


def funder_cofund_offers(user, place, now):
    """Other funders' offers to co-fund bids to this person's funders' programmes: on bids still
    waiting for a decision, or made in the last 90 days."""
    funders = permissions.funder_ids(user, place)
    if not funders:
        return []
    visible = _visible(user, place, Bid.objects.for_place(place))
    return list(
        CoFundOffer.objects.for_place(place)
        .filter(bid__in=visible.values("pk"), bid__programme__funder_id__in=funders)
        .filter(Q(bid__state__in=LIVE_STATES) | Q(created_at__gte=now - RECENT))
        .exclude(bid__state=BidState.WITHDRAWN)
        .select_related("funder", "bid", "bid__place", "bid__programme", "bid__applicant")
        .order_by("pk")
    )


def runs_a_fund(place, user):
    """Whether this person runs a board (as its chair, vice-chair or secretary, or as a
    coordinator) that has a fund here."""
    return (
        BoardFund.objects.for_place(place)
        .filter(board__in=boards_run_by(place, user).values("pk"))
        .exists()
    )


def fund_applications_to_decide(user, place):
    """Applications waiting for a decision by the boards this person runs."""
    return list(
        FundApplication.objects.for_place(place)
        .filter(
            fund__board__in=boards_run_by(place, user).values("pk"),
            bid__state__in=LIVE_STATES,
            withdrawn_at__isnull=True,
        )
        .select_related(
            "bid",
            "bid__place",
            "bid__applicant",
            "fund",
            "fund__board",
            "agenda_item",
            "agenda_item__meeting",
        )
        .order_by("pk")
    )
