"""Boards in the browser: a secretary sets up a meeting, a subgroup reports back and the board
responds, a resident proposes an idea, changes it, and sees the board's answer while a neighbour
supports it and takes the support back. axe-core checks every page."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards import services
from boards.models import BoardKind, Position, Sector
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.boards import EXE_BYTES, PDF_BYTES
from tests.support.dates import fill_date
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_a_secretary_schedules_a_meeting_and_sets_its_agenda(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    secretary = make_member(
        bucks, Role.CHARITY_LEADER, email="secretary@example.org", name="Sam Secretary"
    )
    with place_scope(bucks):
        board = services.board_create(
            place=bucks, actor=None, name="Recovery Board", kind=BoardKind.RECOVERY_BOARD, seats=8
        )
        services.board_membership_add(
            place=bucks,
            actor=None,
            board=board,
            user=secretary,
            position=Position.SECRETARY,
            sector=Sector.VCSE,
        )
    sign_in(page, "secretary@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/")
    page.get_by_role("navigation", name="Buckinghamshire menu").get_by_role(
        "link", name="Boards"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards in Buckinghamshire")
    axe_check(page)
    page.get_by_role("link", name="Recovery Board").click()
    expect(page.get_by_role("heading", name="Sector balance")).to_be_visible()
    expect(page.locator("#vacancies + ul")).to_contain_text("7 empty seats")
    axe_check(page)

    page.get_by_role("button", name="Schedule a meeting").click()
    axe_check(page)
    page.get_by_label("Title").fill("Recovery Board, July")
    fill_date(page, "Starts", datetime(2031, 7, 1, 10, 0))
    fill_date(page, "Ends", datetime(2031, 7, 1, 9, 0))
    page.get_by_label("Venue (optional)").fill("The Gateway, Aylesbury")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The meeting must end after it starts."
    )
    axe_check(page)
    fill_date(page, "Ends", datetime(2031, 7, 1, 12, 0))
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Board, July")
    expect(page.get_by_text("Tuesday 1 July 2031, 10:00a.m.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Add an agenda item").click()
    page.get_by_label("Item").fill("Winter pressures")
    page.get_by_label("Owner (optional)").select_option(label="Sam Secretary")
    axe_check(page)
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.locator("#agenda + ol")).to_contain_text("Winter pressures")

    page.get_by_role("link", name="Upload a paper for Winter pressures").click()
    axe_check(page)
    page.get_by_label("Title of the paper").fill("Winter plan")
    page.get_by_label("File").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}]
    )
    page.get_by_role("button", name="Upload paper").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("this file is a Windows program")
    axe_check(page)
    page.get_by_label("File").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Upload paper").click()
    expect(page.get_by_role("link", name="Winter plan")).to_be_visible()
    axe_check(page)


def test_a_subgroup_chair_reports_back_and_the_board_chair_responds(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    subgroup_chair = make_member(
        bucks, Role.CHARITY_LEADER, email="subchair@example.org", name="Kim Subgroup"
    )
    board_chair = make_member(
        bucks, Role.COUNCIL_OFFICER, email="boardchair@example.org", name="Bo Chair"
    )
    with place_scope(bucks):
        board = services.board_create(
            place=bucks, actor=None, name="Recovery Board", kind=BoardKind.RECOVERY_BOARD
        )
        group = services.board_create(
            place=bucks,
            actor=None,
            name="Food subgroup",
            kind=BoardKind.THEMATIC_SUBGROUP,
            parent=board,
            theme="Food",
            is_public=False,
        )
        for b, person, sector in (
            (board, board_chair, Sector.COUNCIL),
            (group, subgroup_chair, Sector.VCSE),
        ):
            services.board_membership_add(
                place=bucks,
                actor=None,
                board=b,
                user=person,
                position=Position.CHAIR,
                sector=sector,
            )
        starts = timezone.now() + timedelta(days=14)
        meeting = services.meeting_create(
            place=bucks,
            actor=None,
            board=board,
            title="Recovery Board, next",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Council offices",
        )

    sign_in(page, "subchair@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/{group.pk}/")
    axe_check(page)
    page.locator("#report-backs + .inplace-table-scroll table").get_by_role(
        "link", name="Recovery Board, next"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report-back to Recovery Board")
    axe_check(page)
    page.get_by_label("Summary").fill("Three new food pantries opened.")
    page.get_by_label("Recommendations (optional)").fill(
        "Fund a pantry co-ordinator\nShare surplus from supermarkets"
    )
    page.get_by_role("button", name="Submit report-back").click()
    expect(
        page.locator(
            ".govuk-notification-banner, .inplace-messages, [role=alert], [role=status]"
        ).first
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Recommendations and the board’s responses")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "boardchair@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/meetings/{meeting.pk}/")
    agenda = page.locator("#agenda + ol")
    expect(agenda).to_contain_text("Report-back from Food subgroup")
    axe_check(page)
    agenda.get_by_role("link", name=re.compile("Read the report-back from Food subgroup")).click()
    page.get_by_role("link", name="Respond to recommendation 1").click()
    axe_check(page)
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Comment (optional)").fill("Agreed, for a year.")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Agreed, for a year.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The subgroup sees the board's response.
    sign_in(page, "subchair@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/{group.pk}/")
    page.locator("#report-backs + .inplace-table-scroll table").get_by_role(
        "link", name="Recovery Board, next"
    ).click()
    expect(page.get_by_text("Agreed, for a year.")).to_be_visible()
    axe_check(page)


def test_a_resident_proposes_an_idea_and_sees_the_boards_answer(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    make_member(bucks, Role.RESIDENT, email="resident@example.org", name="Rae Resident")
    make_member(bucks, Role.RESIDENT, email="neighbour@example.org", name="Nia Neighbour")
    officer = make_member(bucks, Role.COUNCIL_OFFICER, email="officer@example.org", name="Olu")
    area = AreaFactory(place=bucks, name="Marlow", kind="community_board_area")
    with place_scope(bucks):
        board = services.board_create(
            place=bucks,
            actor=None,
            name="Marlow Community Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
        )
    sign_in(page, "resident@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/{board.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Ideas for the area").click()
    axe_check(page)
    page.get_by_role("button", name="Send your idea").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your idea in a few words").fill("A safer crossing by the school")
    page.get_by_label("Tell us more").fill("Children cross the busy road every morning.")
    page.get_by_role("button", name="Send your idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A safer crossing by the school")
    expect(page.locator("#proposal-status")).to_have_text("New")
    # Support comes from other people; the proposer may change the idea until it is answered.
    expect(page.get_by_role("button", name="Support this idea")).to_have_count(0)
    axe_check(page)
    page.get_by_role("button", name="Change your idea").click()
    axe_check(page)
    page.get_by_label("Tell us more").fill("Children cross the busy road every morning at 8.")
    page.get_by_role("button", name="Save your changes").click()
    expect(page.get_by_text("Your idea is changed.")).to_be_visible()
    expect(page.get_by_text("Children cross the busy road every morning at 8.")).to_be_visible()

    # A neighbour supports it, then takes the support back.
    idea_url = page.url
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "neighbour@example.org", password)
    page.goto(idea_url)
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("main strong", has_text="You support this idea.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Withdraw your support").click()
    expect(page.get_by_text("You no longer support this idea.")).to_be_visible()
    expect(page.get_by_role("button", name="Support this idea")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "resident@example.org", password)
    page.goto(idea_url)

    with place_scope(bucks):
        proposal = board.proposals.get()
        services.proposal_answer(
            place=bucks,
            actor=officer,
            proposal=proposal,
            status="accepted",
            answer="Highways will paint a zebra crossing in the spring.",
        )
    page.reload()
    expect(page.locator("#proposal-status")).to_have_text("Accepted")
    expect(page.get_by_text("Highways will paint a zebra crossing in the spring.")).to_be_visible()
    expect(page.get_by_role("button", name="Change your idea")).to_have_count(0)
    expect(
        page.get_by_text("The board has answered your idea, so it can no longer be")
    ).to_be_visible()
    page.goto(f"{live_server.url}/buckinghamshire/boards/{board.pk}/you-said-we-did/")
    expect(page.get_by_role("table")).to_contain_text("A safer crossing by the school")
    axe_check(page)


def test_a_secretary_keeps_the_board_and_its_meeting_up_to_date(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    secretary = make_member(
        bucks, Role.CHARITY_LEADER, email="secretary@example.org", name="Sam Secretary"
    )
    leaving = make_member(bucks, Role.PARTNER, name="Lou Leaving")
    with place_scope(bucks):
        board = services.board_create(
            place=bucks, actor=None, name="Recovery Board", kind=BoardKind.RECOVERY_BOARD, seats=6
        )
        services.board_membership_add(
            place=bucks,
            actor=None,
            board=board,
            user=secretary,
            position=Position.SECRETARY,
            sector=Sector.VCSE,
        )
        services.board_membership_add(
            place=bucks,
            actor=None,
            board=board,
            user=leaving,
            position=Position.MEMBER,
            sector=Sector.HEALTH,
            started_on=timezone.localdate() - timedelta(days=100),
        )
        starts = timezone.now() + timedelta(days=14)
        meeting = services.meeting_create(
            place=bucks,
            actor=None,
            board=board,
            title="Recovery Board, next",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Council offices",
            is_public=True,
        )
        for title in ("Welcome", "Budget", "Any other business"):
            services.agenda_item_add(place=bucks, actor=None, meeting=meeting, title=title)
    sign_in(page, "secretary@example.org", password)
    base = f"{live_server.url}/buckinghamshire/boards"

    # The board's details.
    page.goto(f"{base}/{board.pk}/")
    page.get_by_role("link", name="Change the board’s details").click()
    axe_check(page)
    page.get_by_label("Number of seats (optional)").fill("8")
    page.get_by_label("Remit (optional)").fill("Steer the county's recovery.")
    page.get_by_role("button", name="Save board").click()
    expect(page.get_by_text("Steer the county's recovery.")).to_be_visible()
    expect(page.locator("#vacancies + ul")).to_contain_text("6 empty seats")

    # A member leaves: their seat ends, and the vacancy shows.
    page.get_by_role("link", name="End seat of Lou Leaving").click()
    axe_check(page)
    fill_date(page, "Last day on the board", timezone.localdate() - timedelta(days=1))
    page.get_by_role("button", name="End seat").click()
    expect(page.locator("#vacancies + ul")).to_contain_text("7 empty seats")
    page.get_by_text("Past members").click()
    expect(page.locator(".govuk-details__text")).to_contain_text("Lou Leaving")
    axe_check(page)

    # The meeting moves; the agenda is reworded and reordered; an item comes off.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Change or reschedule the meeting").click()
    axe_check(page)
    fill_date(page, "Starts", datetime(2031, 7, 8, 18, 0))
    fill_date(page, "Ends", datetime(2031, 7, 8, 17, 0))
    page.get_by_role("button", name="Save meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The meeting must end after it starts."
    )
    axe_check(page)
    fill_date(page, "Ends", datetime(2031, 7, 8, 20, 0))
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_text("Tuesday 8 July 2031, 6:00p.m.")).to_be_visible()

    page.get_by_role("link", name="Change Budget").click()
    axe_check(page)
    page.get_by_label("Item").fill("Budget for 2032")
    page.get_by_role("button", name="Save item").click()
    page.get_by_role("button", name="Move up Any other business").click()
    agenda = page.locator("#agenda + ol > li")
    expect(agenda.nth(1)).to_contain_text("Any other business")
    expect(agenda.nth(2)).to_contain_text("Budget for 2032")
    axe_check(page)
    page.get_by_role("link", name="Remove Welcome").click()
    axe_check(page)
    page.get_by_role("button", name="Take it off the agenda").click()
    expect(agenda).to_have_count(2)

    # Finally it is called off, with a reason everyone sees.
    page.get_by_role("link", name="Cancel the meeting").click()
    axe_check(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Why is the meeting cancelled?").fill("The hall is flooded.")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.locator("#cancelled")).to_contain_text("The hall is flooded.")
    expect(page.get_by_role("link", name="Change or reschedule the meeting")).to_have_count(0)
    axe_check(page)
