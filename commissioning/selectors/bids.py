"""Bids and their judging: published criteria, the submissions a person may see (the bidder and the
commissioning team only, and the team only once bids have opened), their scores and weighted
totals, the opening of sealed bids, and awards.

Bids are sealed until the tender's submission deadline: before it, only the bidding organisations'
own people see a bid; everyone else, the commissioning council included, sees a count at most.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import (
    Award,
    BidOpening,
    Criterion,
    Score,
    Stage,
    Submission,
    SubmissionStatus,
)
from ..permissions import acting_organisation_ids, can_run_tender, councils_run_by

# A tender only reaches these stages after its submission deadline, so its bids are open.
OPENED_STAGES = (Stage.EVALUATION, Stage.AWARDED)


def bids_are_sealed(tender, now=None):
    """True until the tender's submission deadline passes: the one truth for every path."""
    if tender.stage in OPENED_STAGES:
        return False
    now = now or timezone.now()
    return tender.submission_deadline is None or now < tender.submission_deadline


def sealed_tenders_q(now=None, prefix=""):
    """``bids_are_sealed`` as a filter on tenders (``prefix="tender__"`` from a related row)."""
    now = now or timezone.now()
    return ~Q(**{f"{prefix}stage__in": OPENED_STAGES}) & (
        Q(**{f"{prefix}submission_deadline__isnull": True})
        | Q(**{f"{prefix}submission_deadline__gt": now})
    )


def bids_received(tender):
    """How many bids the tender has: the one figure anyone may see while bids are sealed."""
    return Submission.objects.for_place(tender.place_id).filter(tender=tender).count()


def opening_of(tender):
    """The recorded opening of the tender's bids (a public timeline entry), or None."""
    return BidOpening.objects.for_place(tender.place_id).filter(tender=tender).first()


def criteria_of(tender):
    return Criterion.objects.for_place(tender.place_id).filter(tender=tender)


def get_criterion(place, pk):
    return Criterion.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def submissions_visible_to(user, place, tender=None, now=None):
    """The bids this person may see: their own organisations' (as lead or partner) always, and
    the tenders they run once bids have opened."""
    qs = (
        Submission.objects.for_place(place)
        .select_related("lead", "tender")
        .prefetch_related(
            "partners",
            Prefetch(
                "scores",
                queryset=Score.objects.for_place(place)
                .select_related("criterion")
                .order_by("criterion_id"),
                to_attr="scores_in_order",
            ),
        )
        .order_by("submitted_at", "pk")
    )
    if tender is not None:
        qs = qs.filter(tender=tender)
    if (
        tender is not None
        and can_run_tender(user, place, tender)
        and not bids_are_sealed(tender, now)
    ):
        return qs
    mine = acting_organisation_ids(user, place)
    own = Q(lead_id__in=mine) | Q(partners__in=mine)
    if tender is None:
        councils = councils_run_by(user, place)
        opened = Q(tender__commissioner__in=councils) & ~sealed_tenders_q(now, prefix="tender__")
        return qs.filter(own | opened).distinct()
    return qs.filter(own).distinct()


def get_submission_for(user, place, pk):
    """A submission this person may see, or None (the same for "missing" and "not yours")."""
    submission = (
        Submission.objects.for_place(place).select_related("tender", "lead").filter(pk=pk).first()
    )
    if submission is None:
        return None
    if submissions_visible_to(user, place, submission.tender).filter(pk=pk).exists():
        return submission
    return None


def scores_of(submission):
    if hasattr(submission, "scores_in_order"):  # prefetched by submissions_visible_to
        return submission.scores_in_order
    return (
        Score.objects.for_place(submission.place_id)
        .filter(submission=submission)
        .select_related("criterion")
        .order_by("criterion_id")
    )


def weighted_total(submission):
    """The submission's score out of 100: each criterion's score out of 10 times its weight."""
    total = 0
    for score in scores_of(submission):
        total += score.score * score.criterion.weight / 10
    return round(total, 1)


def awardable_submissions(tender):
    """The tender's bids still waiting for the decision, with their leads (none while sealed)."""
    if bids_are_sealed(tender):
        return Submission.objects.for_place(tender.place_id).none()
    return (
        Submission.objects.for_place(tender.place_id)
        .filter(tender=tender, status=SubmissionStatus.SUBMITTED)
        .select_related("lead")
    )


def award_of(tender):
    return (
        Award.objects.for_place(tender.place_id)
        .filter(tender=tender)
        .select_related("submission__lead", "decided_by")
        .prefetch_related("submission__partners")
        .first()
    )


def awards_in_place(place):
    return (
        Award.objects.for_place(place)
        .select_related("tender__commissioner", "tender__place", "submission__lead")
        .order_by("-decided_at")
    )
