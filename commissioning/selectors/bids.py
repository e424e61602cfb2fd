"""Bids and their judging: published criteria, the submissions a person may see (the bidder and the
commissioning team only), their scores and weighted totals, and awards."""

from django.db.models import Prefetch, Q

from ..models import Award, Criterion, Score, Submission, SubmissionStatus
from ..permissions import acting_organisation_ids, can_run_tender, councils_run_by


def criteria_of(tender):
    return Criterion.objects.for_place(tender.place_id).filter(tender=tender)


def get_criterion(place, pk):
    return Criterion.objects.for_place(place).select_related("tender").filter(pk=pk).first()


def submissions_visible_to(user, place, tender=None):
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
    if tender is not None and can_run_tender(user, place, tender):
        return qs
    mine = acting_organisation_ids(user, place)
    if tender is None:
        councils = councils_run_by(user, place)
        return qs.filter(
            Q(lead_id__in=mine) | Q(partners__in=mine) | Q(tender__commissioner__in=councils)
        ).distinct()
    return qs.filter(Q(lead_id__in=mine) | Q(partners__in=mine)).distinct()


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
    """The tender's bids still waiting for the decision, with their leads."""
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
