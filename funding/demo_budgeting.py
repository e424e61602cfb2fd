"""Demo participatory budgeting: residents decide part of a group's fund.

In each place, the first active group (by name) of a community structure whose groups hold funds
gets a fund if it has none, and a round in its vote phase with projects from its ideas;
Buckinghamshire's also a past round whose results went to the group's meeting, one project awarded
there. The demo resident has not voted, so they can try. A round's dates are set as if the weeks
had passed: projects go on the ballot before voting opens, and the past round's ballots were cast
while it was open. Re-running changes nothing (a fund with a round is left as it is).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from boards import selectors as board_selectors
from coordination.accounts.models import Membership, Role
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.tenancy import place_scope

from . import services
from .models import BoardFund, BudgetRound

OPEN_ROUND_PROJECTS = [
    (
        "Planters on the high street",
        "Planters with flowers and herbs, looked after by volunteers.",
        "450",
    ),
    ("Litter pickers and bags", "Kit for monthly litter picks in the park and alleys.", "250"),
    ("Free summer fun days", "Three days of games and crafts in the park for families.", "900"),
    (
        "Warm space on winter evenings",
        "Heating and hot drinks at the hall two nights a week.",
        "700",
    ),
]
PAST_ROUND_PROJECTS = [
    ("Benches by the bus stops", "Four benches where older people wait for the bus.", "1200"),
    (
        "Defibrillator at the community hall",
        "A public defibrillator and training for 20 people.",
        "1500",
    ),
    ("Community fridge", "A fridge and rota so surplus food reaches neighbours.", "800"),
]
PAST_ROUND_PLACES = {"buckinghamshire"}


def _budget_group(place):
    """The first active group, by name, of a structure whose groups hold a fund (None if none)."""
    return board_selectors.first_funded_group(place)


def _round_dates(today, opens):
    return {
        "ideas_open_on": today + timedelta(days=opens - 28),
        "ideas_close_on": today + timedelta(days=opens - 14),
        "voting_opens_on": today + timedelta(days=opens),
        "voting_closes_on": today + timedelta(days=opens + 13),
    }


def _ballot_round(place, actor, fund, board, *, title, amount, projects, ideas, today):
    """A round drawn up before voting opens: its projects, from the group's ideas first."""
    budget_round = services.budget_round_create(
        place=place,
        actor=actor,
        fund=fund,
        title=title,
        description=(
            "Residents put these ideas forward at the group's meetings and online; the group "
            "costed each one with the people who would run it."
        ),
        amount=Decimal(amount),
        **_round_dates(today, 7),
    )
    made = []
    for i, (project_title, summary, cost) in enumerate(projects):
        idea = ideas[i] if i < len(ideas) else None
        made.append(
            services.budget_project_add(
                place=place,
                actor=actor,
                budget_round=budget_round,
                title=idea.title[:150] if idea else project_title,
                summary=idea.description[:500] if idea else summary,
                cost=Decimal(cost),
                proposal=idea,
            )
        )
    return BudgetRound.objects.for_place(place).filter(pk=budget_round.pk), made


def seed_budget_demo(place, now=None):
    """Seed one place's participatory budgeting demo; returns the number of new records."""
    now = now or timezone.now()
    today = timezone.localdate(now, place.tz)
    with place_scope(place):
        board = _budget_group(place)
        officer = (
            Membership.objects.for_place(place)
            .filter(role=Role.COUNCIL_OFFICER, organisation__kind=OrganisationKind.COUNCIL)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        council = Organisation.objects.filter(places=place, kind=OrganisationKind.COUNCIL).first()
        if board is None or officer is None or council is None:
            return 0
        actor = officer.user
        created = 0
        fund = BoardFund.objects.for_place(place).filter(board=board).order_by("-year").first()
        if fund is None:
            fund = services.fund_create(
                place=place,
                actor=actor,
                board=board,
                year=today.year if today.month >= 4 else today.year - 1,
                budget=Decimal("15000"),
                accountable_body=council,
                priorities=["Ideas residents choose"],
                description=f"{board.name}'s budget, part of it decided by residents' votes.",
            )
            created += 1
        if BudgetRound.objects.for_place(place).filter(fund=fund).exists():
            return created
        ideas = list(
            board_selectors.ideas_for_a_ballot(place, board).order_by("created_at", "pk")[:5]
        )
        if place.slug in PAST_ROUND_PLACES:
            created += _past_round(place, actor, fund, board, ideas[3:], now, today)
        rows, projects = _ballot_round(
            place,
            actor,
            fund,
            board,
            title=f"{board.name}: residents decide £2,000",
            amount="2000",
            projects=OPEN_ROUND_PROJECTS,
            ideas=ideas[:3],
            today=today,
        )
        rows.update(**_round_dates(today, -3))  # voting opened three days ago
        return created + 1 + len(projects)


def _past_round(place, actor, fund, board, ideas, now, today):
    """Last season's round: voted on, results published, the chosen projects on the agenda of
    the group's meeting and the first awarded there."""
    rows, projects = _ballot_round(
        place,
        actor,
        fund,
        board,
        title=f"{board.name}: residents decided £2,500 last season",
        amount="2500",
        projects=PAST_ROUND_PROJECTS,
        ideas=ideas[:1],
        today=today,
    )
    rows.update(**_round_dates(today, -10))  # voting was open
    budget_round = rows.get()
    benches, defibrillator, fridge = projects
    voters = [
        m.user
        for m in Membership.objects.for_place(place)
        .exclude(role=Role.RESIDENT)
        .exclude(user__email__startswith="resident@")
        .select_related("user")
        .order_by("user_id")
    ]
    seen = []
    for person in voters:
        if person.pk not in {p.pk for p in seen}:
            seen.append(person)
    choices = [[defibrillator, fridge], [defibrillator], [benches, fridge], [defibrillator]]
    for person, chosen in zip(seen, choices, strict=False):
        services.budget_ballot_cast(
            place=place,
            actor=person,
            budget_round=budget_round,
            projects=chosen,
            lives_in_area=True,
            now=now - timedelta(days=5),
        )
    rows.update(**_round_dates(today, -20))  # voting closed six days ago
    budget_round = rows.get()
    services.budget_results_publish(place=place, actor=actor, budget_round=budget_round, now=now)
    meeting = board_selectors.meeting_sitting(place, board, now)
    defibrillator.refresh_from_db()
    application = defibrillator.application
    if meeting is not None and application is not None and application.agenda_item_id:
        if application.agenda_item.meeting_id == meeting.pk:
            services.fund_application_decide(
                place=place,
                actor=actor,
                application=application,
                meeting=meeting,
                outcome="award",
                reason="Residents chose it first; the hall has agreed to host it.",
                now=now,
            )
    return 1 + len(projects)
