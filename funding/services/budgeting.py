"""Residents decide part of a community group's fund (participatory budgeting).

Whoever runs the group's fund sets up a round (an amount within what the fund has left, and the
dates of its phases), draws up the shortlist of projects from the group's ideas before voting
opens, and publishes the results once voting closes. Each resident who takes part in the place
casts one ballot a round, choosing projects whose costs together fit the amount. At the results
the projects chosen become applications to the fund, in the name of the organisation that holds
its money, on the agenda of the group's next meeting: the board decides them there as it decides
any application, so the spend stays accountable.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards import permissions as board_permissions
from boards import selectors as board_selectors
from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import (
    LIVE_STATES,
    Bid,
    BidState,
    BoardFund,
    BudgetBallot,
    BudgetChoice,
    BudgetPhase,
    BudgetProject,
    BudgetRound,
    FundApplication,
)
from ..models.budgeting import AREA_NOT_DECLARED, NO_PROJECT_CHOSEN
from ..selectors import fund_totals
from . import news
from ._common import check_runs_board, move_bid, place_today
from .fund_applications import fund_application_schedule

ROUND_FIELDS = (
    "title",
    "description",
    "amount",
    "ideas_open_on",
    "ideas_close_on",
    "voting_opens_on",
    "voting_closes_on",
)
ALREADY_VOTED = gettext_lazy("You have already voted in this round.")


def _money(amount):
    return f"£{amount:,.2f}"


def _phase(place, budget_round):
    return budget_round.phase(place_today(place))


def _locked_round(place, budget_round):
    return (
        BudgetRound.objects.for_place(place)
        .select_for_update(of=("self",))
        .select_related("fund", "fund__board", "fund__programme")
        .get(pk=budget_round.pk)
    )


def available_for_round(place, fund, *, excluding=None):
    """What residents may be given to decide in a round: what the fund has left, less what its
    other rounds still to publish results set aside, and less the projects residents chose that
    the board has not decided yet."""
    others = BudgetRound.objects.for_place(place).filter(
        fund=fund, results_published_at__isnull=True
    )
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    reserved = others.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    chosen = (
        BudgetProject.objects.for_place(place)
        .filter(round__fund=fund, selected=True)
        .filter(Q(application__isnull=True) | Q(application__bid__state__in=LIVE_STATES))
        .aggregate(total=Sum("cost"))["total"]
    )
    return fund_totals(place, fund).left - reserved - (chosen or Decimal("0"))


def _check_amount(place, fund, amount, *, excluding=None):
    if amount is None or amount <= 0:
        raise RuleViolation({"amount": _("Enter the amount residents decide, above £0.")})
    available = available_for_round(place, fund, excluding=excluding)
    if amount > available:
        raise RuleViolation(
            {
                "amount": _(
                    "%(board)s's fund has %(left)s left for residents to decide: enter that or "
                    "less."
                )
                % {"board": fund.board.name, "left": _money(max(available, Decimal("0")))}
            }
        )


@transaction.atomic
def budget_round_create(*, place, actor, fund, **fields):
    """A round on a board's fund: its title, description, amount and phase dates."""
    fund = BoardFund.objects.for_place(place).select_for_update().get(pk=fund.pk)
    check_runs_board(actor, fund.board, _("set up a round where residents decide its fund"))
    _check_amount(place, fund, fields.get("amount"))
    budget_round = BudgetRound(
        place=place,
        fund=fund,
        created_by=actor,
        **{k: v for k, v in fields.items() if k in ROUND_FIELDS},
    )
    full_clean(budget_round)
    budget_round.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_round.create",
        target=budget_round,
        changes={
            "fund": str(fund),
            "amount": budget_round.amount,
            "voting": [budget_round.voting_opens_on, budget_round.voting_closes_on],
        },
    )
    return budget_round


@transaction.atomic
def budget_round_update(*, place, actor, budget_round, **fields):
    """Change a round until its results are out. The amount is fixed once voting opens (residents
    chose within it) and never falls below the dearest project on the ballot."""
    budget_round = _locked_round(place, budget_round)
    check_runs_board(actor, budget_round.fund.board, _("change this round"))
    phase = _phase(place, budget_round)
    if phase == BudgetPhase.RESULTS:
        raise RuleViolation(_("The results are published: the round no longer changes."))
    before = {k: getattr(budget_round, k) for k in ROUND_FIELDS}
    amount = fields.get("amount")
    if amount is not None and amount != budget_round.amount:
        if phase in (BudgetPhase.VOTE, BudgetPhase.COUNTING):
            raise RuleViolation(
                {"amount": _("Voting has opened: the amount residents decide stays as it is.")}
            )
        _check_amount(place, budget_round.fund, amount, excluding=budget_round)
        dearest = (
            BudgetProject.objects.for_place(place)
            .filter(round=budget_round)
            .order_by("-cost")
            .values_list("cost", flat=True)
            .first()
        )
        if dearest is not None and amount < dearest:
            raise RuleViolation(
                {
                    "amount": _(
                        "A project on the ballot costs %(cost)s: the amount cannot be less."
                    )
                    % {"cost": _money(dearest)}
                }
            )
    for key in ROUND_FIELDS:
        if key in fields and fields[key] is not None:
            setattr(budget_round, key, fields[key])
    full_clean(budget_round)
    budget_round.save()
    changes = {
        k: [before[k], getattr(budget_round, k)]
        for k in ROUND_FIELDS
        if before[k] != getattr(budget_round, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_round.update",
        target=budget_round,
        changes=changes,
    )
    return budget_round


def _check_before_voting(place, budget_round, doing):
    if _phase(place, budget_round) not in (
        BudgetPhase.UPCOMING,
        BudgetPhase.IDEAS,
        BudgetPhase.SHORTLIST,
    ):
        raise RuleViolation(
            _("Voting opened on %(day)s: the ballot no longer changes, so you cannot %(doing)s.")
            % {"day": budget_round.voting_opens_on.strftime("%-d %B %Y"), "doing": doing}
        )


@transaction.atomic
def budget_project_add(*, place, actor, budget_round, title, summary, cost, proposal=None):
    """A project on the ballot, usually one of the group's ideas, costed; before voting opens.
    The idea's proposer is told."""
    budget_round = _locked_round(place, budget_round)
    fund = budget_round.fund
    check_runs_board(actor, fund.board, _("put projects on the ballot"))
    _check_before_voting(place, budget_round, _("add a project"))
    errors = {}
    if proposal is not None:  # as it stands now: hidden or withdrawn since the form was filled
        proposal = board_selectors.proposals_in_place(place).filter(pk=proposal.pk).first()
        if proposal is None or proposal.board_id != fund.board_id or proposal.place_id != place.pk:
            errors["proposal"] = _("Choose one of %(board)s's ideas.") % {"board": fund.board.name}
        elif proposal.hidden_at is not None:
            errors["proposal"] = _("That idea is hidden by a moderator: choose another.")
        elif proposal.is_withdrawn:
            errors["proposal"] = _("That idea was withdrawn by its proposer: choose another.")
    if cost is None or cost <= 0:
        errors["cost"] = _("Enter what the project costs, above £0.")
    elif cost > budget_round.amount:
        errors["cost"] = _(
            "The project costs %(over)s more than the %(amount)s residents decide."
        ) % {"over": _money(cost - budget_round.amount), "amount": _money(budget_round.amount)}
    elif cost > fund.programme.amount_max:
        errors["cost"] = _("The fund's largest grant is %(max)s: cost the project within it.") % {
            "max": _money(fund.programme.amount_max)
        }
    if errors:
        raise RuleViolation(errors)
    last = (
        BudgetProject.objects.for_place(place)
        .filter(round=budget_round)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    project = BudgetProject(
        place=place,
        round=budget_round,
        proposal=proposal,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        cost=cost,
        order=(last or 0) + 1,
    )
    full_clean(project)
    project.save()
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_project.create",
        target=project,
        changes={"round": budget_round.pk, "cost": cost, "proposal": proposal},
    )
    news.tell_idea_on_ballot(place, actor, project)
    return project


@transaction.atomic
def budget_project_remove(*, place, actor, project):
    """Take a project off the ballot, before voting opens."""
    project = (
        BudgetProject.objects.for_place(place)
        .select_related("round", "round__fund", "round__fund__board")
        .get(pk=project.pk)
    )
    budget_round = _locked_round(place, project.round)
    check_runs_board(actor, budget_round.fund.board, _("take projects off the ballot"))
    _check_before_voting(place, budget_round, _("remove a project"))
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_project.remove",
        target=project,
        changes={"round": budget_round.pk, "title": project.title},
    )
    project.delete()
    return budget_round


@transaction.atomic
def budget_ballot_cast(*, place, actor, budget_round, projects, lives_in_area, now=None):
    """One resident's ballot: projects of this round whose costs together fit the amount, with
    the declaration that they live, work or study in the area. Once a round."""
    now = now or timezone.now()
    if not board_permissions.can_take_part(actor, place):
        raise RuleViolation(_("Sign in as a resident of %(place)s to vote.") % {"place": place})
    budget_round = (
        BudgetRound.objects.for_place(place)
        .select_related("fund", "fund__board")
        .get(pk=budget_round.pk)
    )
    phase = _phase(place, budget_round)
    if phase != BudgetPhase.VOTE:
        if phase in (BudgetPhase.UPCOMING, BudgetPhase.IDEAS, BudgetPhase.SHORTLIST):
            message = _("Voting opens on %(day)s.")
            day = budget_round.voting_opens_on
        else:
            message = _("Voting closed on %(day)s.")
            day = budget_round.voting_closes_on
        raise RuleViolation(message % {"day": day.strftime("%-d %B %Y")})
    if BudgetBallot.objects.for_place(place).filter(round=budget_round, voter=actor).exists():
        raise RuleViolation(ALREADY_VOTED)
    wanted = {p.pk if isinstance(p, BudgetProject) else p for p in projects or ()}
    chosen = list(BudgetProject.objects.for_place(place).filter(round=budget_round, pk__in=wanted))
    errors = {}
    if not wanted:
        errors["projects"] = NO_PROJECT_CHOSEN
    elif len(chosen) != len(wanted):
        errors["projects"] = _("Choose projects on this round's ballot.")
    else:
        total = sum((p.cost for p in chosen), Decimal("0"))
        if total > budget_round.amount:
            errors["projects"] = _(
                "Your projects cost %(total)s, %(over)s more than the %(amount)s residents "
                "decide: untick one or more."
            ) % {
                "total": _money(total),
                "over": _money(total - budget_round.amount),
                "amount": _money(budget_round.amount),
            }
    if not lives_in_area:
        errors["lives_in_area"] = AREA_NOT_DECLARED
    if errors:
        raise RuleViolation(errors)
    ballot = BudgetBallot(
        place=place, round=budget_round, voter=actor, lives_in_area=True, cast_at=now
    )
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:  # a second ballot sent at the same moment
        raise RuleViolation(ALREADY_VOTED) from None
    BudgetChoice.objects.for_place(place).bulk_create(
        [BudgetChoice(place=place, ballot=ballot, project=p) for p in chosen]
    )
    # Who voted is recorded; what they chose is not.
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_ballot.cast",
        target=budget_round,
        changes={"round": budget_round.pk},
    )
    return ballot


def _ranked(projects):
    """Most votes first; on a tie the cheaper, then the one added earlier."""
    return sorted(projects, key=lambda p: (-p.votes, p.cost, p.order, p.pk))


def select_projects(projects, amount):
    """Which projects the vote chooses: in rank order, each that still fits what is left of the
    amount (a project with no votes is not chosen)."""
    left, chosen = amount, []
    for project in _ranked(projects):
        if project.votes > 0 and project.cost <= left:
            chosen.append(project)
            left -= project.cost
    return chosen


@transaction.atomic
def budget_results_publish(*, place, actor, budget_round, now=None):
    """Count the votes once voting has closed, choose the projects that fit the amount, publish
    the results and carry each chosen project into the fund's decisions: an application to the
    fund on the agenda of the group's next meeting. The voters and proposers are told."""
    now = now or timezone.now()
    budget_round = _locked_round(place, budget_round)
    board = budget_round.fund.board
    check_runs_board(actor, board, _("publish the results"))
    phase = _phase(place, budget_round)
    if phase == BudgetPhase.RESULTS:
        raise RuleViolation(_("The results are already published."))
    if phase != BudgetPhase.COUNTING:
        raise RuleViolation(
            _("Voting closes on %(day)s: publish the results after that.")
            % {"day": budget_round.voting_closes_on.strftime("%-d %B %Y")}
        )
    projects = list(
        BudgetProject.objects.for_place(place)
        .filter(round=budget_round)
        .select_related("proposal", "proposal__proposed_by")
        .annotate(counted=Count("choices", filter=Q(choices__place=place)))
    )
    for project in projects:
        project.votes = project.counted
    chosen = {p.pk for p in select_projects(projects, budget_round.amount)}
    for project in projects:
        project.selected = project.pk in chosen
        project.save(update_fields=["votes", "selected"])
    budget_round.results_published_at = now
    budget_round.results_published_by = actor
    budget_round.save(update_fields=["results_published_at", "results_published_by", "updated_at"])
    selected = [p for p in _ranked(projects) if p.selected]
    meeting = board_selectors.meetings_to_come(place, board, now).first()
    for project in selected:
        _carry_into_decisions(place, actor, budget_round, project, meeting, now)
    audit_record(
        place=place,
        actor=actor,
        action="funding.budget_round.publish",
        target=budget_round,
        changes={
            "votes": {p.title: p.votes for p in _ranked(projects)},
            "selected": [p.title for p in selected],
            "meeting": meeting,
        },
    )
    voters = [
        b.voter
        for b in BudgetBallot.objects.for_place(place)
        .filter(round=budget_round, voter__isnull=False)
        .select_related("voter")
    ]
    proposers = [p.proposal.proposed_by for p in projects if p.proposal_id]
    news.tell_budget_results(place, actor, budget_round, [*voters, *proposers], selected)
    return budget_round


def _carry_into_decisions(place, actor, budget_round, project, meeting, now):
    """A chosen project as an application to the fund, sent, in the name of the organisation
    that holds the fund's money, and on the agenda of the group's next meeting if one is set."""
    fund = budget_round.fund
    programme = fund.programme
    bid = Bid(
        place=place,
        programme=programme,
        applicant_id=programme.funder_id,
        title=project.title[:200],
        summary=project.summary
        or _("Chosen by residents in %(round)s.") % {"round": budget_round.title},
        amount_requested=project.cost,
        duration_months=programme.grant_length_months,
        created_by=actor,
    )
    full_clean(bid)
    bid.save()
    if fund.board.area_id:
        Bid.areas.through.objects.create(bid=bid, area_id=fund.board.area_id)
    bid.submitted_at = now
    move_bid(
        bid,
        BidState.SUBMITTED,
        place=place,
        actor=actor,
        at=now,
        action="funding.bid.submit",
        fields=["submitted_at"],
        changes={"budget_round": budget_round.pk},
    )
    application = FundApplication(
        place=place, bid=bid, fund=fund, proposal=project.proposal, other_funding=""
    )
    full_clean(application)
    application.save()
    project.application = application
    project.save(update_fields=["application"])
    audit_record(
        place=place,
        actor=actor,
        action="funding.fund_application.create",
        target=application,
        changes={"fund": str(fund), "budget_project": project.pk, "votes": project.votes},
    )
    if meeting is not None:
        fund_application_schedule(
            place=place, actor=actor, application=application, meeting=meeting, now=now
        )
    return application
