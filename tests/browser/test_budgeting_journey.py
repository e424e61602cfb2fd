"""Residents decide part of a community board's fund: a resident votes (a ballot over the amount
shows the running total and the server's error, then a valid ballot), sees that they voted; the
chair publishes the results once voting closes and the public sees them, with the chosen projects
on the board's next agenda. axe-core checks every page, the round page reflows at 320 px, and the
ballot's checkboxes and button are reached and used with the keyboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards import services as board_services
from boards.models import BoardKind, Position, Sector
from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.places.services import area_create
from coordination.places.tenancy import place_scope
from funding import services
from funding.models import BudgetRound
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()


def dates(today, opens):
    return {
        "ideas_open_on": today + timedelta(days=opens - 20),
        "ideas_close_on": today + timedelta(days=opens - 10),
        "voting_opens_on": today + timedelta(days=opens),
        "voting_closes_on": today + timedelta(days=opens + 7),
    }


def test_a_resident_votes_the_chair_publishes_and_the_public_sees_the_results(
    page, live_server, axe_check, reflow_check, sign_in, bucks, make_member, password
):
    council = OrganisationFactory(
        name="Buckinghamshire Council", kind=OrganisationKind.COUNCIL, places=[bucks]
    )
    chair = make_member(bucks, Role.RESIDENT, email="chair@example.org", name="Cara Chair")
    make_member(bucks, Role.RESIDENT, email="resident@example.org", name="Rae Resident")
    today = timezone.localdate(timezone=bucks.tz)
    with place_scope(bucks):
        area = area_create(place=bucks, name="Wycombe Area", kind="community_board_area")
        board = board_services.board_create(
            place=bucks,
            actor=None,
            name="Wycombe Community Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
            quorum=1,
        )
        board_services.board_membership_add(
            place=bucks,
            actor=None,
            board=board,
            user=chair,
            position=Position.CHAIR,
            sector=Sector.COMMUNITY,
            started_on=today - timedelta(days=30),
        )
        idea = board_services.proposal_create(
            place=bucks,
            actor=chair,
            board=board,
            title="Benches by the bus stops",
            description="Somewhere to sit while waiting.",
        )
        starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
        board_services.meeting_create(
            place=bucks,
            actor=None,
            board=board,
            title="Wycombe autumn meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Town hall",
            is_public=True,
        )
    the_fund = services.fund_create(
        place=bucks,
        actor=chair,
        board=board,
        year=today.year if today.month >= 4 else today.year - 1,
        budget=Decimal("5000"),
        accountable_body=council,
    )
    budget_round = services.budget_round_create(
        place=bucks,
        actor=chair,
        fund=the_fund,
        title="Wycombe decides",
        amount=Decimal("1000"),
        **dates(today, 3),
    )
    for title, cost, proposal in (
        ("Benches by the bus stops", "400", idea),
        ("Lights in the underpass", "600", None),
        ("Community garden", "500", None),
    ):
        services.budget_project_add(
            place=bucks,
            actor=chair,
            budget_round=budget_round,
            title=title,
            summary=f"{title} for Wycombe.",
            cost=Decimal(cost),
            proposal=proposal,
        )
    rows = BudgetRound.objects.for_place(bucks).filter(pk=budget_round.pk)
    rows.update(**dates(today, -1))  # voting opened yesterday
    round_url = f"{live_server.url}/{bucks.slug}/funding/budget-rounds/{budget_round.pk}/"

    # The group's page shows the open vote; the round page shows the phases and the ballot.
    sign_in(page, "resident@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/boards/{board.pk}/")
    page.get_by_role("link", name="Wycombe decides").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wycombe decides")
    expect(page.locator("#round-phases [aria-current=step]")).to_contain_text("Vote")
    axe_check(page)
    reflow_check(page)

    # The keyboard reaches each checkbox and the button; Space ticks a box.
    boxes = page.locator("#ballot input[name=projects]")
    expect(boxes).to_have_count(3)
    boxes.first.focus()
    reached = []
    for _ in range(8):
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.type"))
        page.keyboard.press("Tab")
    assert reached.count("projects") == 3 and "lives_in_area" in reached
    assert "submit" in reached
    boxes.nth(0).focus()
    page.keyboard.press("Space")
    expect(boxes.nth(0)).to_be_checked()
    expect(page.locator("#ballot-total")).to_contain_text("£400.00 of £1,000.00")

    # Over the amount: the running total says so, and the server refuses the ballot.
    page.get_by_label("Lights in the underpass (£600)").check()
    page.get_by_label("Community garden (£500)").check()
    expect(page.locator("#ballot-total")).to_contain_text("£500.00 over")
    page.get_by_label("I live, work or study in the area").check()
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("£500.00 more than the £1,000.00")
    axe_check(page)
    page.get_by_label("Community garden (£500)").uncheck()
    page.get_by_role("button", name="Confirm my vote").click()
    expect(page.locator("#you-voted")).to_contain_text("You voted on")
    expect(page.locator("#ballot")).to_have_count(0)
    axe_check(page)
    sign_out(page)

    # Voting closes; the chair publishes the results.
    rows.update(**dates(today, -9))
    sign_in(page, "chair@example.org", password)
    page.goto(round_url)
    axe_check(page)
    page.get_by_role("button", name="Publish the results").click()
    expect(page.locator("#round-results")).to_be_visible()
    sign_out(page)

    # Anyone sees the results and where each chosen project stands with the board.
    page.goto(round_url)
    results = page.locator("#round-results")
    expect(results).to_contain_text("Benches by the bus stops")
    expect(results.locator("tbody tr").first).to_contain_text("Chosen")
    expect(results).to_contain_text("Waiting for the meeting: Wycombe autumn meeting")
    expect(page.locator("#round-turnout")).to_contain_text("1 resident voted.")
    axe_check(page)
    reflow_check(page)
    page.goto(f"{live_server.url}/{bucks.slug}/funding/board-funds/{the_fund.pk}/")
    expect(page.locator("#budget-rounds")).to_contain_text("Wycombe decides")
    axe_check(page)
