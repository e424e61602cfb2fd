"""Residents decide part of a community group's fund: rounds and their amount, the ballot drawn up
from the group's ideas, one ballot a resident within the amount, secret choices, results with
ties, chosen projects carried into the fund's decisions at the group's meeting, the API, the
pages, tenancy and who may do what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boards import services as board_services
from boards.models import BoardKind, Position, ProposalStatus
from coordination.accounts.models import Role
from coordination.api.services import partner_key_create
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from coordination.places.tenancy import place_scope
from funding import selectors, services
from funding.models import BidState, BudgetBallot, BudgetChoice, BudgetPhase, BudgetRound
from tests.support.board_funds import community_board, fund, meeting, present, seat
from tests.support.funding import make_area, today_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


@pytest.fixture
def board(bucks):
    return community_board(bucks)


@pytest.fixture
def chair(bucks, make_member, board):
    person = make_member(bucks, Role.RESIDENT, name="Cara Chair")
    seat(bucks, board, person, Position.CHAIR)
    return person


@pytest.fixture
def the_fund(bucks, board, chair):
    return fund(bucks, board, chair)


@pytest.fixture
def proposer(bucks, make_member):
    return make_member(bucks, Role.RESIDENT, name="Pat Proposer")


@pytest.fixture
def residents(bucks, make_member):
    return [make_member(bucks, Role.RESIDENT, name=f"Resident {i}") for i in range(4)]


def idea(place, board, person, title="Benches in the park"):
    with place_scope(place):
        return board_services.proposal_create(
            place=place, actor=person, board=board, title=title, description="Somewhere to sit."
        )


def dates(place, *, vote_in=3):
    """Ideas open three weeks before voting; voting lasts a week from ``vote_in`` days ahead."""
    opens = today_in(place) + timedelta(days=vote_in)
    return {
        "ideas_open_on": opens - timedelta(days=21),
        "ideas_close_on": opens - timedelta(days=7),
        "voting_opens_on": opens,
        "voting_closes_on": opens + timedelta(days=7),
    }


def new_round(place, the_fund, chair, *, amount=Decimal("1000"), **extra):
    return services.budget_round_create(
        place=place,
        actor=chair,
        fund=the_fund,
        title="Wycombe decides",
        description="Residents choose what the board funds.",
        amount=amount,
        **{**dates(place), **extra},
    )


def add(place, budget_round, chair, title, cost, proposal=None):
    return services.budget_project_add(
        place=place,
        actor=chair,
        budget_round=budget_round,
        title=title,
        summary=f"{title} for the area.",
        cost=Decimal(cost),
        proposal=proposal,
    )


def move_to(place, budget_round, phase):
    """Move the round's dates so that today falls in ``phase`` (the clock, not a service)."""
    today = today_in(place)
    vote_in = {BudgetPhase.VOTE: -1, BudgetPhase.COUNTING: -9}[phase]
    BudgetRound.objects.for_place(place).filter(pk=budget_round.pk).update(
        **dates(place, vote_in=vote_in)
    )
    budget_round.refresh_from_db()
    assert budget_round.phase(today) == phase
    return budget_round


def vote(place, budget_round, person, *projects, lives_in_area=True):
    return services.budget_ballot_cast(
        place=place,
        actor=person,
        budget_round=budget_round,
        projects=[p.pk for p in projects],
        lives_in_area=lives_in_area,
    )


@pytest.fixture
def ballot_round(bucks, the_fund, chair, board, proposer):
    """A £1,000 round in its vote phase with three projects, the first from an idea."""
    budget_round = new_round(bucks, the_fund, chair)
    benches = add(bucks, budget_round, chair, "Benches", "400", idea(bucks, board, proposer))
    lights = add(bucks, budget_round, chair, "Lights", "600")
    garden = add(bucks, budget_round, chair, "Garden", "500")
    move_to(bucks, budget_round, BudgetPhase.VOTE)
    return budget_round, benches, lights, garden


def test_the_amount_stays_within_what_the_fund_has_left(bucks, the_fund, chair):
    with pytest.raises(RuleViolation) as refused:
        new_round(bucks, the_fund, chair, amount=Decimal("5000.01"))
    assert "£5,000.00 left" in str(refused.value.message_dict["amount"])
    new_round(bucks, the_fund, chair, amount=Decimal("3000"))
    # A second round shares what the first has not set aside.
    with pytest.raises(RuleViolation) as refused:
        new_round(bucks, the_fund, chair, amount=Decimal("2500"))
    assert "£2,000.00 left" in str(refused.value.message_dict["amount"])


def test_the_phases_run_in_order_and_only_the_fund_runners_set_up_a_round(
    bucks, the_fund, chair, residents
):
    with pytest.raises(RuleViolation) as refused:
        new_round(bucks, the_fund, chair, voting_opens_on=today_in(bucks) - timedelta(days=30))
    assert "voting_opens_on" in refused.value.message_dict
    with pytest.raises(RuleViolation, match="chair, vice-chair or secretary"):
        new_round(bucks, the_fund, residents[0])
    budget_round = new_round(bucks, the_fund, chair)
    today = today_in(bucks)
    assert budget_round.phase(today) == BudgetPhase.SHORTLIST
    phases = selectors.phases_of(budget_round, today)
    assert [(p[0], p[4]) for p in phases] == [
        ("ideas", False),
        ("shortlist", True),
        ("vote", False),
        ("results", False),
    ]
    assert (
        AuditEntry.objects.for_place(bucks).filter(action="funding.budget_round.create").count()
        == 1
    )


def test_the_ballot_takes_the_groups_visible_ideas_before_voting_opens(
    bucks, the_fund, chair, board, proposer, make_member
):
    budget_round = new_round(bucks, the_fund, chair)
    shown = idea(bucks, board, proposer)
    project = add(bucks, budget_round, chair, "Benches", "400", shown)
    # The proposer is told their idea is on the ballot.
    told = Notification.objects.for_place(bucks).filter(
        user=proposer, kind="funding_budget_idea_on_ballot"
    )
    assert told.count() == 1 and "£400.00" in told.get().body
    # Over the amount, says by how much.
    with pytest.raises(RuleViolation) as refused:
        add(bucks, budget_round, chair, "Swimming pool", "1250")
    assert "£250.00 more" in str(refused.value.message_dict["cost"])
    # Not a hidden idea, not a withdrawn one, not another group's.
    hidden = idea(bucks, board, proposer, title="Hidden")
    hidden.hidden_at, hidden.hidden_reason = hidden.created_at, "Abusive"
    hidden.save()
    with pytest.raises(RuleViolation, match="hidden"):
        add(bucks, budget_round, chair, "Hidden", "10", hidden)
    withdrawn = idea(bucks, board, proposer, title="Withdrawn")
    with place_scope(bucks):
        board_services.proposal_withdraw(place=bucks, actor=proposer, proposal=withdrawn)
    with pytest.raises(RuleViolation, match="withdrawn"):
        add(bucks, budget_round, chair, "Withdrawn", "10", withdrawn)
    with place_scope(bucks):
        other_board = board_services.board_create(
            place=bucks,
            actor=None,
            name="Chiltern Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=make_area(bucks, "Chiltern", kind="community_board_area", gss_code="E05009998"),
        )
    with pytest.raises(RuleViolation, match="Wycombe Community Board"):
        add(bucks, budget_round, chair, "Elsewhere", "10", idea(bucks, other_board, proposer))
    # Removed before voting opens; not once it has.
    spare = add(bucks, budget_round, chair, "Spare", "100")
    services.budget_project_remove(place=bucks, actor=chair, project=spare)
    move_to(bucks, budget_round, BudgetPhase.VOTE)
    with pytest.raises(RuleViolation, match="Voting opened"):
        services.budget_project_remove(place=bucks, actor=chair, project=project)
    with pytest.raises(RuleViolation, match="Voting opened"):
        add(bucks, budget_round, chair, "Late", "10")


def test_one_ballot_within_the_amount_declared_in_the_vote_phase(
    bucks, ballot_round, residents, chair
):
    budget_round, benches, lights, garden = ballot_round
    first = residents[0]
    with pytest.raises(RuleViolation) as refused:
        vote(bucks, budget_round, first, benches, lights, garden)
    assert "£500.00 more than the £1,000.00" in str(refused.value.message_dict["projects"])
    with pytest.raises(RuleViolation) as refused:
        vote(bucks, budget_round, first)
    assert "at least one" in str(refused.value.message_dict["projects"])
    with pytest.raises(RuleViolation) as refused:
        vote(bucks, budget_round, first, benches, lives_in_area=False)
    assert "live, work or study" in str(refused.value.message_dict["lives_in_area"])
    ballot = vote(bucks, budget_round, first, benches, lights)
    assert BudgetChoice.objects.for_place(bucks).filter(ballot=ballot).count() == 2
    with pytest.raises(RuleViolation, match="You have already voted in this round"):
        vote(bucks, budget_round, first, garden)
    # The database is the last line: a second ballot row is refused there too.
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.for_place(bucks).create(
            place=bucks, round=budget_round, voter=first, lives_in_area=True
        )
    # The audit entry says who voted, not what they chose.
    entry = AuditEntry.objects.for_place(bucks).get(action="funding.budget_ballot.cast")
    assert entry.changes == {"round": budget_round.pk}
    # Outside the vote phase.
    move_to(bucks, budget_round, BudgetPhase.COUNTING)
    with pytest.raises(RuleViolation, match="Voting closed"):
        vote(bucks, budget_round, residents[1], benches)


def test_results_choose_by_votes_then_cheaper_then_earlier_within_the_amount(
    bucks, ballot_round, residents, chair, board, proposer
):
    budget_round, benches, lights, garden = ballot_round
    # Lights 2 votes; benches and garden tie on 1: the cheaper (benches £400) goes first.
    vote(bucks, budget_round, residents[0], lights)
    vote(bucks, budget_round, residents[1], lights, benches)
    vote(bucks, budget_round, residents[2], garden)
    with pytest.raises(RuleViolation, match="publish the results after"):
        services.budget_results_publish(place=bucks, actor=chair, budget_round=budget_round)
    budget_round.refresh_from_db()
    move_to(bucks, budget_round, BudgetPhase.COUNTING)
    with pytest.raises(RuleViolation, match="chair, vice-chair or secretary"):
        services.budget_results_publish(place=bucks, actor=residents[0], budget_round=budget_round)
    services.budget_results_publish(place=bucks, actor=chair, budget_round=budget_round)
    budget_round.refresh_from_db()
    results = selectors.results_of(bucks, budget_round)
    assert [(p.title, p.votes, p.selected) for p in results] == [
        ("Lights", 2, True),
        ("Benches", 1, True),
        ("Garden", 1, False),  # £500 no longer fits the £0 left
    ]
    # What residents chose is set aside until the board decides it: £5,000 less £1,000.
    assert services.available_for_round(bucks, budget_round.fund) == Decimal("4000")
    with pytest.raises(RuleViolation, match="already published"):
        services.budget_results_publish(place=bucks, actor=chair, budget_round=budget_round)
    budget_round.refresh_from_db()
    # Voters and the proposer are told.
    for person in [*residents[:3], proposer]:
        assert (
            Notification.objects.for_place(bucks)
            .filter(user=person, kind="funding_budget_results")
            .exists()
        )


def test_selection_skips_what_does_not_fit_and_what_has_no_votes():
    class P:
        def __init__(self, pk, votes, cost):
            self.pk, self.order, self.votes, self.cost = pk, pk, votes, Decimal(cost)

    a, b, c, d, e = P(1, 5, "700"), P(2, 4, "500"), P(3, 3, "300"), P(4, 3, "300"), P(5, 0, "1")
    chosen = services.select_projects([e, d, c, b, a], Decimal("1000"))
    assert [p.pk for p in chosen] == [1, 3]  # b does not fit after a; c before d (added earlier)


def test_chosen_projects_go_to_the_groups_next_meeting_and_show_the_boards_decision(
    bucks, ballot_round, residents, chair, board, proposer, client
):
    budget_round, benches, lights, garden = ballot_round
    vote(bucks, budget_round, residents[0], benches, garden)
    vote(bucks, budget_round, residents[1], lights)
    move_to(bucks, budget_round, BudgetPhase.COUNTING)
    the_meeting = meeting(bucks, board, started_hours_ago=-24, title="Autumn meeting")
    services.budget_results_publish(place=bucks, actor=chair, budget_round=budget_round)
    budget_round.refresh_from_db()
    chosen = {p.title: p for p in selectors.results_of(bucks, budget_round) if p.selected}
    assert set(chosen) == {"Benches", "Garden"}
    for project in chosen.values():
        application = project.application
        assert application.fund_id == budget_round.fund_id
        assert application.bid.state == BidState.UNDER_REVIEW
        assert application.agenda_item.meeting_id == the_meeting.pk
        assert selectors.decision_status(project)[0] == "waiting"
    assert chosen["Benches"].application.proposal_id == benches.proposal_id
    page = client.get(budget_round.get_absolute_url()).content.decode()
    assert "Waiting for the meeting: Autumn meeting" in page
    # The day of the meeting comes; the board decides as for any application.
    type(the_meeting).objects.for_place(bucks).filter(pk=the_meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    the_meeting.refresh_from_db()
    present(bucks, the_meeting, chair)
    services.fund_application_decide(
        place=bucks,
        actor=chair,
        application=chosen["Benches"].application,
        meeting=the_meeting,
        outcome="award",
        reason="Residents chose it.",
    )
    services.fund_application_decide(
        place=bucks,
        actor=chair,
        application=chosen["Garden"].application,
        meeting=the_meeting,
        outcome="decline",
        reason="The site is not available.",
        reasons=["other"],
        strengths="Popular",
        to_strengthen="Find a site",
    )
    page = client.get(budget_round.get_absolute_url()).content.decode()
    assert "Awarded, Autumn meeting" in page
    assert "Not awarded" in page and "The site is not available." in page
    fund_page = client.get(budget_round.fund.get_absolute_url()).content.decode()
    assert "Benches (£400): awarded" in fund_page
    assert "Garden (£500): not awarded (The site is not available.)" in fund_page
    benches.proposal.refresh_from_db()
    assert benches.proposal.status == ProposalStatus.ACCEPTED


def test_without_a_meeting_to_come_a_chosen_project_waits_for_an_agenda(
    bucks, ballot_round, residents, chair
):
    budget_round, benches, *_ = ballot_round
    vote(bucks, budget_round, residents[0], benches)
    move_to(bucks, budget_round, BudgetPhase.COUNTING)
    services.budget_results_publish(place=bucks, actor=chair, budget_round=budget_round)
    budget_round.refresh_from_db()
    project = selectors.results_of(bucks, budget_round)[0]
    assert project.application.bid.state == BidState.SUBMITTED
    assert selectors.decision_status(project)[0] == "unscheduled"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def rounds_url(place, *rest):
    return f"/api/v1/places/{place.slug}/funding/budget-rounds/" + "".join(
        f"{part}/" for part in rest
    )


def test_the_api_votes_once_and_never_reveals_who_chose_what(
    bucks, ballot_round, residents, chair, admin_of
):
    budget_round, benches, lights, garden = ballot_round
    answer = api().get(rounds_url(bucks, budget_round.pk))
    assert answer.status_code == 200
    body = answer.json()
    assert body["phase"] == "vote" and len(body["projects"]) == 3
    assert all(p["votes"] is None and p["selected"] is None for p in body["projects"])
    # Anonymous: 401; over the amount: 400 on the field; then a ballot; a second is 400.
    assert api().post(rounds_url(bucks, budget_round.pk, "ballot"), {}).status_code == 401
    over = api(residents[0]).post(
        rounds_url(bucks, budget_round.pk, "ballot"),
        {"projects": [benches.pk, lights.pk, garden.pk], "lives_in_area": True},
        format="json",
    )
    assert over.status_code == 400 and "£500.00 more" in str(over.json())
    cast = api(residents[0]).post(
        rounds_url(bucks, budget_round.pk, "ballot"),
        {"projects": [benches.pk], "lives_in_area": True},
        format="json",
    )
    assert cast.status_code == 201 and set(cast.json()) == {"round", "cast_at"}
    again = api(residents[0]).post(
        rounds_url(bucks, budget_round.pk, "ballot"),
        {"projects": [lights.pk], "lives_in_area": True},
        format="json",
    )
    assert again.status_code == 400 and "already voted" in str(again.json())
    # Nothing about a ballot is readable, even by the chair or an admin: counts only at results.
    for person in (chair, admin_of(bucks), residents[1]):
        text = api(person).get(rounds_url(bucks, budget_round.pk)).content.decode()
        assert "ballot" not in text and residents[0].email not in text
        assert '"votes":null' in text.replace(" ", "")
    # A partner key acts for a system, not a resident: it cannot vote.
    _row, key = partner_key_create(
        place=bucks, actor=residents[2], name="CRM", scopes=["read", "write:funding"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    refused = client.post(
        rounds_url(bucks, budget_round.pk, "ballot"),
        {"projects": [benches.pk], "lives_in_area": True},
        format="json",
    )
    assert refused.status_code == 403
    assert not BudgetBallot.objects.for_place(bucks).filter(voter=residents[2]).exists()


def test_the_api_runs_a_round_for_the_funds_runners_only(
    bucks, the_fund, chair, residents, board, proposer
):
    payload = {
        "fund": the_fund.pk,
        "title": "Through the API",
        "amount": "800.00",
        **{k: v.isoformat() for k, v in dates(bucks).items()},
    }
    assert api(residents[0]).post(rounds_url(bucks), payload).status_code == 400
    made = api(chair).post(rounds_url(bucks), payload)
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    over = api(chair).post(rounds_url(bucks), {**payload, "amount": "4300.00"}, format="json")
    assert over.status_code == 400 and "£4,200.00 left" in str(over.json())
    added = api(chair).post(
        rounds_url(bucks, pk, "projects"),
        {
            "title": "Benches",
            "summary": "Seats",
            "cost": "300",
            "proposal": idea(bucks, board, proposer).pk,
        },
        format="json",
    )
    assert added.status_code == 201 and added.json()["projects"][0]["title"] == "Benches"
    project_id = added.json()["projects"][0]["id"]
    assert (
        api(residents[0])
        .post(rounds_url(bucks, pk, "remove-project"), {"project": project_id})
        .status_code
        == 400
    )
    removed = api(chair).post(rounds_url(bucks, pk, "remove-project"), {"project": project_id})
    assert removed.status_code == 200 and removed.json()["projects"] == []
    assert api(chair).post(rounds_url(bucks, pk, "publish")).status_code == 400
    changed = api(chair).patch(rounds_url(bucks, pk), {"title": "Renamed"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"


def test_rounds_stay_in_their_place(bucks, sutton, ballot_round, make_member, admin_of):
    budget_round, benches, *_ = ballot_round
    sutton_resident = make_member(sutton, Role.RESIDENT)
    assert api().get(rounds_url(sutton, budget_round.pk)).status_code == 404
    assert api().get(rounds_url(sutton)).json()["results"] == []
    refused = api(sutton_resident).post(
        rounds_url(sutton, budget_round.pk, "ballot"),
        {"projects": [benches.pk], "lives_in_area": True},
        format="json",
    )
    assert refused.status_code in (403, 404)
    url = reverse(
        "places:funding:budget_round_detail",
        kwargs={"place_slug": sutton.slug, "pk": budget_round.pk},
    )
    assert Client().get(url).status_code == 404
    assert not BudgetChoice.objects.for_place(bucks).exists()


def test_the_round_page_shows_phases_ballot_and_you_voted(
    bucks, ballot_round, residents, client, board
):
    budget_round, benches, lights, garden = ballot_round
    url = budget_round.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Sign in to vote" in page and "Residents decide how" in page
    assert 'aria-current="step"' in page
    client.force_login(residents[0])
    page = client.get(url).content.decode()
    assert 'id="ballot"' in page and "budget-ballot.js" in page
    refused = client.post(
        url, {"projects": [benches.pk, lights.pk, garden.pk], "lives_in_area": "on"}
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "govuk-error-summary" in text and "£500.00 more" in text
    done = client.post(url, {"projects": [benches.pk], "lives_in_area": "on"}, follow=True)
    text = done.content.decode()
    assert "You voted on" in text and 'id="ballot"' not in text
    # The group's page shows the open vote.
    board_page = client.get(
        reverse("places:boards:board_detail", kwargs={"place_slug": bucks.slug, "pk": board.pk})
    ).content.decode()
    assert budget_round.title in board_page and "Vote now" in board_page
    # A second ballot sent anyway is refused with a message on the round page.
    again = client.post(url, {"projects": [lights.pk], "lives_in_area": "on"}, follow=True)
    assert "You have already voted in this round" in again.content.decode()
    # Another resident's page never says what the first chose.
    client.force_login(residents[1])
    assert "You voted" not in client.get(url).content.decode()


def test_the_runner_pages_set_up_a_round_and_draw_up_its_ballot(
    bucks, the_fund, chair, residents, client
):
    client.force_login(residents[0])
    new_url = reverse(
        "places:funding:budget_round_create", kwargs={"place_slug": bucks.slug, "pk": the_fund.pk}
    )
    assert client.get(new_url).status_code == 404
    client.force_login(chair)
    form = {"title": "Our round", "amount": "9000"}
    for name, value in dates(bucks).items():
        form[f"{name}_day"], form[f"{name}_month"], form[f"{name}_year"] = (
            value.day,
            value.month,
            value.year,
        )
    refused = client.post(new_url, form)
    assert "£5,000.00 left" in refused.content.decode()
    made = client.post(new_url, {**form, "amount": "1000"})
    assert made.status_code == 302
    budget_round = BudgetRound.objects.for_place(bucks).get(title="Our round")
    add_url = reverse(
        "places:funding:budget_project_add",
        kwargs={"place_slug": bucks.slug, "pk": budget_round.pk},
    )
    assert client.post(add_url, {"title": "Big", "summary": "x", "cost": "1500"}).status_code == 200
    assert (
        client.post(add_url, {"title": "Small", "summary": "x", "cost": "150"}).status_code == 302
    )
    fund_page = client.get(the_fund.get_absolute_url()).content.decode()
    assert "Our round" in fund_page
