"""Rounds where residents decide part of a fund: the rounds a person may see (a public group's are
public), a round's projects with what became of the chosen ones, whether a person has voted (the
day only), and the votes open on a group's ideas. Who chose what is never read here: a project's
votes are read only once the results are published, from the counts stored then."""

from django.utils import timezone

from ..models import BudgetBallot, BudgetPhase, BudgetProject, BudgetRound, FundApplication
from .board_funds import funds_visible_to


def _today(place):
    return timezone.localdate(timezone=place.tz)


def rounds_visible_to(place, user):
    """Rounds on the funds this person sees, the latest voting first."""
    return (
        BudgetRound.objects.for_place(place)
        .filter(fund__in=funds_visible_to(place, user).values("pk"))
        .select_related("fund", "fund__board", "fund__programme", "place")
        .order_by("-voting_opens_on", "-pk")
    )


def get_round_for(place, user, pk):
    return rounds_visible_to(place, user).filter(pk=pk).first()


def rounds_of_fund(place, fund):
    return BudgetRound.objects.for_place(place).filter(fund=fund).order_by("-voting_opens_on")


def projects_of(place, budget_round):
    """The ballot, in the order it was drawn up, with the idea and the application each chosen
    project became (its meeting and decision)."""
    return (
        BudgetProject.objects.for_place(place)
        .filter(round=budget_round)
        .select_related(
            "proposal",
            "application",
            "application__bid",
            "application__agenda_item",
            "application__agenda_item__meeting",
            "application__decided_at_meeting",
        )
        .order_by("order", "pk")
    )


def results_of(place, budget_round):
    """The projects by votes (most first; ties: the cheaper, then the earlier added), or none
    before the results are published."""
    if budget_round.results_published_at is None:
        return []
    return sorted(
        projects_of(place, budget_round),
        key=lambda p: (-(p.votes or 0), p.cost, p.order, p.pk),
    )


def ballot_of(place, budget_round, user):
    """This person's ballot in the round (to say when they voted), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        BudgetBallot.objects.for_place(place)
        .filter(round=budget_round, voter=user)
        .only("pk", "cast_at", "round_id")
        .first()
    )


def ballot_count(place, budget_round):
    return BudgetBallot.objects.for_place(place).filter(round=budget_round).count()


def open_votes(place, user, *, board=None):
    """Rounds in their vote phase today (one group's, given it)."""
    today = _today(place)
    rounds = rounds_visible_to(place, user).filter(
        voting_opens_on__lte=today,
        voting_closes_on__gte=today,
        results_published_at__isnull=True,
    )
    if board is not None:
        rounds = rounds.filter(fund__board=board)
    return rounds


def decision_status(project):
    """What became of a chosen project at the group's meeting, as (key, meeting, reason): key is
    "unscheduled" (waiting to go on an agenda), "waiting" (on the agenda of ``meeting``),
    "awarded" or "declined" (at ``meeting``, with the board's ``reason``), or "withdrawn"."""
    application = project.application
    if application is None:
        return ("unscheduled", None, "")
    state = application.bid.state
    if state == "awarded":
        return ("awarded", application.decided_at_meeting, application.decision_reason)
    if state == "declined":
        return ("declined", application.decided_at_meeting, application.decision_reason)
    if state == "withdrawn":
        return ("withdrawn", None, "")
    item = application.agenda_item
    return ("waiting", item.meeting, "") if item is not None else ("unscheduled", None, "")


def phases_of(budget_round, today):
    """The round's phases as a timeline: (key, label, starts, ends, is_current)."""
    current = budget_round.phase(today)
    rows = [
        (BudgetPhase.IDEAS, budget_round.ideas_open_on, budget_round.ideas_close_on),
        (BudgetPhase.SHORTLIST, None, None),
        (BudgetPhase.VOTE, budget_round.voting_opens_on, budget_round.voting_closes_on),
        (BudgetPhase.RESULTS, budget_round.voting_closes_on, None),
    ]
    phases = []
    for key, starts, ends in rows:
        is_current = key == current or (
            key == BudgetPhase.RESULTS and current == BudgetPhase.COUNTING
        )
        phases.append((key.value, key.label, starts, ends, is_current))
    return phases


def applications_of_round(place, budget_round):
    return FundApplication.objects.for_place(place).filter(budget_project__round=budget_round)
