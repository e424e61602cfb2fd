"""Community board funds: budget arithmetic, the declared-interest voting rule, decisions only at
meetings, proportionate applications, a resident's idea becoming a funded project, the public fund
page, and the fund's grants in the 360Giving export."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from boards import services as board_services
from boards.models import Position, ProposalStatus
from coordination.accounts.models import Role
from coordination.errors import RuleViolation
from coordination.places.tenancy import place_scope
from funding import selectors, services
from funding.models import BidState, FundPriority
from tests.support.board_funds import (
    application,
    community_board,
    decided,
    fund,
    meeting,
    present,
    seat,
)
from tests.support.threesixtygiving import validator

pytestmark = pytest.mark.django_db


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
def the_meeting(bucks, board, chair):
    found = meeting(bucks, board)
    present(bucks, found, chair)
    return found


def totals(place, the_fund):
    return selectors.fund_totals(place, the_fund)


def test_budget_arithmetic_across_commitments_payments_and_withdrawals(
    bucks, the_fund, chair, leader, charity_org, the_meeting
):
    first = decided(bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("800"))
    second = decided(
        bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("2000")
    )
    decided(
        bucks,
        the_fund,
        chair,
        leader,
        charity_org,
        the_meeting,
        amount=Decimal("500"),
        outcome="decline",
    )
    live = application(bucks, the_fund, leader, charity_org, amount=Decimal("300"))
    t = totals(bucks, the_fund)
    assert (t.committed, t.paid, t.left, t.awaiting) == (
        Decimal("2800"),
        Decimal("0"),
        Decimal("2200"),
        Decimal("300"),
    )

    services.fund_payment_record(
        place=bucks, actor=chair, application=second, amount=Decimal("500")
    )
    services.fund_payment_record(place=bucks, actor=chair, application=first, amount=Decimal("800"))
    t = totals(bucks, the_fund)
    assert (t.committed, t.paid, t.left) == (Decimal("2800"), Decimal("1300"), Decimal("2200"))

    # Paying more than the award is refused.
    with pytest.raises(RuleViolation, match="still to pay"):
        services.fund_payment_record(
            place=bucks, actor=chair, application=first, amount=Decimal("1")
        )

    # Withdrawing the second grant gives back what was not paid; what was paid stays committed.
    services.fund_grant_withdraw(
        place=bucks, actor=chair, application=second, reason="The group folded."
    )
    t = totals(bucks, the_fund)
    assert (t.committed, t.paid, t.left) == (Decimal("1300"), Decimal("1300"), Decimal("3700"))
    with pytest.raises(RuleViolation, match="withdrawn"):
        services.fund_payment_record(
            place=bucks, actor=chair, application=second, amount=Decimal("10")
        )
    # An applicant withdrawing a live application asks for nothing any more.
    services.bid_withdraw(place=bucks, actor=leader, bid=live.bid)
    assert totals(bucks, the_fund).awaiting == Decimal("0")


def test_an_application_over_the_remaining_budget_is_refused(
    bucks, the_fund, chair, leader, charity_org, the_meeting
):
    decided(bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("4500"))
    with pytest.raises(RuleViolation) as refused:
        application(bucks, the_fund, leader, charity_org, amount=Decimal("600"))
    assert "£500.00 left" in str(refused.value.message_dict["amount_requested"])
    # An award over what is left is refused too, even for an application made earlier.
    early = application(bucks, the_fund, leader, charity_org, amount=Decimal("400"))
    services.fund_application_schedule(
        place=bucks, actor=chair, application=early, meeting=the_meeting
    )
    with pytest.raises(RuleViolation) as refused:
        services.fund_application_decide(
            place=bucks,
            actor=chair,
            application=early,
            meeting=the_meeting,
            outcome="award",
            reason="Yes",
            amount=Decimal("501"),
        )
    assert "left" in str(refused.value.message_dict["amount"])


def test_a_group_holds_a_devolved_fund_only_where_its_structure_chooses_one(bucks, chair):
    with place_scope(bucks):
        pilot = board_services.structure_create(
            place=bucks,
            actor=None,
            name="Chesham pilot",
            group_noun="pilot group",
            summary="A pilot without a fund of its own.",
            groups_by="theme",
            has_fund=False,
        )
        group = board_services.structure_group_add(
            place=bucks, actor=None, structure=pilot, name="Chesham pilot group"
        )
        seat(bucks, group, chair, Position.CHAIR)
    with pytest.raises(RuleViolation) as refused:
        fund(bucks, group, chair)
    assert "do not hold devolved funds" in str(refused.value.message_dict["board"])

    board_services.structure_update(place=bucks, actor=None, structure=pilot, has_fund=True)
    group.refresh_from_db()
    assert fund(bucks, group, chair).board == group


def test_the_short_form_up_to_1000_and_more_questions_above(bucks, the_fund, leader, charity_org):
    small = application(bucks, the_fund, leader, charity_org, amount=Decimal("1000"))
    assert small.outcomes == ""
    with pytest.raises(RuleViolation) as refused:
        application(
            bucks,
            the_fund,
            leader,
            charity_org,
            amount=Decimal("1000.01"),
            outcomes="",
            budget_breakdown="",
        )
    assert set(refused.value.message_dict) == {"outcomes", "budget_breakdown"}
    large = application(
        bucks,
        the_fund,
        leader,
        charity_org,
        amount=Decimal("1500"),
        outcomes="Forty young people take part.",
        budget_breakdown="Kit £1,200; hall £300.",
    )
    large.bid.refresh_from_db()
    assert large.bid.state == BidState.SUBMITTED


def test_a_member_with_a_declared_interest_cannot_vote_and_a_vote_cast_is_struck_out(
    bucks, make_member, board, the_fund, chair, leader, charity_org, the_meeting
):
    member = make_member(bucks, Role.RESIDENT, name="Mo Member")
    seat(bucks, board, member)
    present(bucks, the_meeting, member)
    app = application(bucks, the_fund, leader, charity_org)
    services.fund_application_schedule(
        place=bucks, actor=chair, application=app, meeting=the_meeting
    )
    item = app.agenda_item if app.agenda_item_id else None
    app.refresh_from_db()
    item = app.agenda_item
    with place_scope(bucks):
        board_services.vote_record(
            place=bucks, actor=chair, agenda_item=item, member=member, choice="for"
        )
        board_services.declaration_record(
            place=bucks,
            actor=member,
            meeting=the_meeting,
            member=member,
            agenda_item=item,
            kind="personal",
            nature="My daughter runs the parade.",
        )
        struck = item.votes.get(member=member)  # struck out, and kept with why
        assert struck.withdrawn_at is not None
        assert "declared an interest" in struck.amendments.get().reason
        with pytest.raises(RuleViolation, match="declared an interest"):
            board_services.vote_record(
                place=bucks, actor=chair, agenda_item=item, member=member, choice="for"
            )
        board_services.vote_record(
            place=bucks, actor=chair, agenda_item=item, member=chair, choice="for"
        )
        with pytest.raises(RuleViolation, match="already voted"):
            board_services.vote_record(
                place=bucks, actor=chair, agenda_item=item, member=chair, choice="against"
            )


def test_decisions_only_at_a_meeting_with_the_item_on_its_agenda_and_only_once(
    bucks, board, the_fund, chair, leader, charity_org, the_meeting, funder
):
    app = application(bucks, the_fund, leader, charity_org)
    decide = {
        "place": bucks,
        "actor": chair,
        "application": app,
        "outcome": "award",
        "reason": "Yes",
    }
    with pytest.raises(RuleViolation, match="taken at a meeting"):
        services.fund_application_decide(meeting=None, **decide)
    with pytest.raises(RuleViolation, match="agenda"):
        services.fund_application_decide(meeting=the_meeting, **decide)
    later = meeting(bucks, board, started_hours_ago=-48, title="Next month")
    services.fund_application_schedule(place=bucks, actor=chair, application=app, meeting=later)
    with pytest.raises(RuleViolation, match="not started"):
        services.fund_application_decide(meeting=later, **decide)
    # The funding app's own award route is no way round the meeting.
    with pytest.raises(RuleViolation, match="decides it at a meeting"):
        services.bid_award(place=bucks, actor=funder, bid=app.bid, amount=Decimal("10"), start=None)

    now_app = application(bucks, the_fund, leader, charity_org, title="Youth club kit")
    services.fund_application_schedule(
        place=bucks, actor=chair, application=now_app, meeting=the_meeting
    )
    services.fund_application_decide(
        place=bucks,
        actor=chair,
        application=now_app,
        meeting=the_meeting,
        outcome="award",
        reason="Fits the young people priority",
    )
    with pytest.raises(RuleViolation, match="already decided"):
        services.fund_application_decide(
            place=bucks,
            actor=chair,
            application=now_app,
            meeting=the_meeting,
            outcome="decline",
            reason="Changed our minds",
        )
    # The decision is in the meeting's minutes, with its reason; no votes were recorded on the
    # item, so the board decided by consensus and the minute states no vote.
    with place_scope(bucks):
        minute = the_meeting.decisions.get()
    assert "Youth club kit" in minute.text and "Fits the young people priority" in minute.text
    assert "Vote:" not in minute.text and minute.method == "consensus"


def test_a_decline_gives_feedback_as_any_funders_would(
    bucks, the_fund, chair, leader, charity_org, the_meeting
):
    app = decided(
        bucks,
        the_fund,
        chair,
        leader,
        charity_org,
        the_meeting,
        amount=Decimal("300"),
        outcome="decline",
    )
    bid = app.bid
    bid.refresh_from_db()
    assert bid.state == BidState.DECLINED
    assert bid.feedback.released_at is not None
    assert bid.feedback.reasons == ["budget"]
    services.feedback_rate(place=bucks, actor=leader, bid=bid, helped=True)


def test_a_vote_against_stops_an_award(
    bucks, make_member, board, the_fund, chair, leader, charity_org, the_meeting
):
    member = make_member(bucks, Role.RESIDENT)
    seat(bucks, board, member)
    present(bucks, the_meeting, member)
    app = application(bucks, the_fund, leader, charity_org)
    services.fund_application_schedule(
        place=bucks, actor=chair, application=app, meeting=the_meeting
    )
    app.refresh_from_db()
    with place_scope(bucks):
        board_services.vote_record(
            place=bucks, actor=chair, agenda_item=app.agenda_item, member=member, choice="against"
        )
    with pytest.raises(RuleViolation, match="not in favour"):
        services.fund_application_decide(
            place=bucks,
            actor=chair,
            application=app,
            meeting=the_meeting,
            outcome="award",
            reason="Yes",
        )


def test_a_residents_idea_becomes_a_funded_project(
    bucks, make_member, board, the_fund, chair, leader, charity_org, the_meeting, client
):
    resident = make_member(bucks, Role.RESIDENT, name="Rae Resident")
    with place_scope(bucks):
        idea = board_services.proposal_create(
            place=bucks,
            actor=resident,
            board=board,
            title="Youth club on Fridays",
            description="Nowhere to go at weekends.",
        )
    app = application(
        bucks,
        the_fund,
        leader,
        charity_org,
        proposal=idea,
        title="Friday youth club",
        priority=FundPriority.objects.for_place(bucks).filter(fund=the_fund).first(),
    )
    services.fund_application_schedule(
        place=bucks, actor=chair, application=app, meeting=the_meeting
    )
    services.fund_application_decide(
        place=bucks,
        actor=chair,
        application=app,
        meeting=the_meeting,
        outcome="award",
        reason="Young people asked for it",
    )
    idea.refresh_from_db()
    assert idea.status == ProposalStatus.ACCEPTED
    assert "Friday youth club" in idea.answer
    page = client.get(
        reverse("places:boards:proposal_detail", kwargs={"place_slug": bucks.slug, "pk": idea.pk})
    ).content.decode()
    assert "From idea to funded project" in page
    assert "Friday youth club" in page and "£800" in page
    services.grant_report_submit(
        place=bucks,
        actor=leader,
        application=app,
        what_happened="Thirty young people came.",
        people_reached=30,
    )
    page = client.get(
        reverse("places:boards:proposal_detail", kwargs={"place_slug": bucks.slug, "pk": idea.pk})
    ).content.decode()
    assert "Thirty young people came." in page


def test_the_public_fund_page(
    bucks, board, the_fund, chair, leader, charity_org, the_meeting, client
):
    app = decided(bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("1000"))
    services.fund_payment_record(place=bucks, actor=chair, application=app, amount=Decimal("400"))
    services.grant_report_submit(
        place=bucks, actor=leader, application=app, what_happened="The parade drew 2,000 people."
    )
    declined = decided(
        bucks,
        the_fund,
        chair,
        leader,
        charity_org,
        the_meeting,
        amount=Decimal("200"),
        outcome="decline",
    )
    response = client.get(the_fund.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "£5,000",
        "£1,000",
        "£400",
        "£4,000",
        "Christmas parade",
        "Wycombe Food Hub",
        "Wycombe Area",
        "The parade drew 2,000 people.",
    ):
        assert text in page, text
    assert declined.bid.title not in page or page.count("Christmas parade") == 1
    # The list of funds is public too.
    listing = client.get(reverse("places:funding:fund_list", kwargs={"place_slug": bucks.slug}))
    assert the_fund.programme.title in listing.content.decode()


def test_board_grants_are_in_the_360giving_export_and_it_is_valid(
    bucks, board, the_fund, chair, leader, charity_org, the_meeting, client
):
    app = decided(bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("750"))
    services.fund_payment_record(place=bucks, actor=chair, application=app, amount=Decimal("250"))
    response = client.get(reverse("places:funding:grants_json", kwargs={"place_slug": bucks.slug}))
    data = json.loads(response.content)
    errors = list(validator().iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    grant = next(g for g in data["grants"] if g["title"] == "Christmas parade")
    assert grant["fundingOrganization"] == [
        {"id": f"360G-InPlace-board-{bucks.slug}-{board.pk}", "name": board.name}
    ]
    assert grant["amountAwarded"] == 750 and grant["amountDisbursed"] == 250
    assert grant["beneficiaryLocation"][0]["name"] == "Wycombe Area"
    csv = client.get(reverse("places:funding:grants_csv", kwargs={"place_slug": bucks.slug}))
    assert "Christmas parade" in csv.content.decode()


def test_only_community_boards_hold_funds_unless_the_place_admin_sets_one_up(
    bucks, make_member, admin_of
):
    from tests.support.board_funds import council, fy_year
    from tests.support.boards import board as make_board

    officer = make_member(bucks, Role.COUNCIL_OFFICER)
    with place_scope(bucks):
        recovery = make_board(bucks, name="Recovery Board")
    kwargs = {
        "place": bucks,
        "board": recovery,
        "year": fy_year(bucks),
        "budget": Decimal("100"),
        "accountable_body": council(bucks),
    }
    with pytest.raises(RuleViolation, match="Only community boards"):
        services.fund_create(actor=officer, **kwargs)
    assert services.fund_create(actor=admin_of(bucks), **kwargs).board == recovery


def test_a_second_fund_for_the_same_year_and_a_budget_below_commitments_are_refused(
    bucks, board, the_fund, chair, leader, charity_org, the_meeting
):
    with pytest.raises(RuleViolation, match="already has a fund"):
        fund(bucks, board, chair)
    decided(bucks, the_fund, chair, leader, charity_org, the_meeting, amount=Decimal("900"))
    with pytest.raises(RuleViolation, match="already committed"):
        services.fund_update(place=bucks, actor=chair, fund=the_fund, budget=Decimal("800"))
    services.fund_update(
        place=bucks,
        actor=chair,
        fund=the_fund,
        budget=Decimal("6000"),
        add_priorities=["Green spaces"],
    )
    assert totals(bucks, the_fund).left == Decimal("5100")
    priorities = FundPriority.objects.for_place(bucks).filter(fund=the_fund)
    assert [p.title for p in priorities][-1] == "Green spaces"


def test_only_those_who_run_the_board_decide(
    bucks, make_member, board, the_fund, chair, leader, charity_org, the_meeting
):
    member = make_member(bucks, Role.RESIDENT)
    seat(bucks, board, member)
    app = application(bucks, the_fund, leader, charity_org)
    with pytest.raises(RuleViolation, match="chair"):
        services.fund_application_schedule(
            place=bucks, actor=member, application=app, meeting=the_meeting
        )


def test_reminders_for_waiting_applications_reports_due_and_a_fund_running_low(
    bucks, the_fund, chair, leader, charity_org, the_meeting
):
    from datetime import timedelta

    from django.utils import timezone

    from funding import digest

    waiting = application(bucks, the_fund, leader, charity_org, amount=Decimal("300"))
    now = timezone.now()
    with place_scope(bucks):
        dues = digest.applications_waiting(bucks, now)
    assert [(d.recipient, d.object_key) for d in dues] == [
        (chair, f"fund-application:{waiting.pk}:waiting")
    ]
    awarded = decided(
        bucks,
        the_fund,
        chair,
        leader,
        charity_org,
        the_meeting,
        amount=Decimal("4200"),
    )
    with place_scope(bucks):
        low = digest.funds_running_low(bucks, now)
        assert [d.recipient for d in low] == [chair]
        later = now + timedelta(weeks=12)
        due = digest.reports_due(bucks, later, timedelta(days=7))
        assert [(d.recipient, d.object_key) for d in due] == [
            (leader, f"fund-application:{awarded.pk}:report")
        ]
        items = digest.fund_items(
            bucks,
            leader,
            now - timedelta(days=1),
            now + timedelta(days=1),
            digest.prefetch_funds(bucks, now - timedelta(days=1), now + timedelta(days=1)),
        )
    assert any("Christmas parade" in i.title for i in items)
