"""A local group applies to a community board's fund with the short form; the board puts it on
its meeting's agenda, a member declares an interest (and is barred from voting), the chair votes
and the board awards it at the meeting; the public fund page shows the spend. axe-core checks
every page on the way."""

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
from funding.models import FundApplication
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()


def test_a_group_applies_the_board_decides_at_its_meeting_and_the_public_sees_the_spend(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    council = OrganisationFactory(
        name="Buckinghamshire Council", kind=OrganisationKind.COUNCIL, places=[bucks]
    )
    group = OrganisationFactory(
        name="Wycombe Youth Group", kind=OrganisationKind.COMMUNITY_GROUP, places=[bucks]
    )
    chair = make_member(bucks, Role.RESIDENT, email="chair@example.org", name="Cara Chair")
    member = make_member(bucks, Role.RESIDENT, email="member@example.org", name="Mo Member")
    make_member(
        bucks,
        Role.CHARITY_LEADER,
        organisation=group,
        email="leader@example.org",
        name="Lee Leader",
    )
    today = timezone.localdate(timezone=bucks.tz)
    with place_scope(bucks):
        area = area_create(place=bucks, name="Wycombe Area", kind="community_board_area")
        board = board_services.board_create(
            place=bucks,
            actor=None,
            name="Wycombe Community Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
            quorum=2,
        )
        for person, position in ((chair, Position.CHAIR), (member, Position.MEMBER)):
            board_services.board_membership_add(
                place=bucks,
                actor=None,
                board=board,
                user=person,
                position=position,
                sector=Sector.COMMUNITY,
                started_on=today - timedelta(days=30),
            )
        starts = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
        meeting = board_services.meeting_create(
            place=bucks,
            actor=None,
            board=board,
            title="Wycombe open meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Town hall",
            is_public=True,
        )
        for person in (chair, member):  # the board's quorum is present
            board_services.attendance_record(
                place=bucks, actor=None, meeting=meeting, user=person, status="present"
            )
    the_fund = services.fund_create(
        place=bucks,
        actor=chair,
        board=board,
        year=today.year if today.month >= 4 else today.year - 1,
        budget=Decimal("5000"),
        accountable_body=council,
        priorities=["Young people", "Older people"],
        priorities_meeting=meeting,
    )
    fund_url = f"{live_server.url}/{bucks.slug}/funding/board-funds/{the_fund.pk}/"

    # The group's leader finds the fund and applies with the short form.
    sign_in(page, "leader@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/funding/board-funds/")
    axe_check(page)
    page.get_by_role("link", name=the_fund.programme.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(the_fund.programme.title)
    axe_check(page)
    page.get_by_role("button", name="Apply to this fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How much will you ask for?")
    axe_check(page)
    page.get_by_label("Amount (£)").fill("800")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your short application")
    expect(page.get_by_label("How will you know it worked?")).to_have_count(0)
    axe_check(page)
    page.get_by_label("Name of your project").fill("Friday youth club kit")
    page.get_by_label("What will you do, and for whom?").fill("Table tennis for young people.")
    page.get_by_label("Young people").check()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator("#bid-state")).to_have_text("Draft")
    axe_check(page)
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.locator("#bid-state")).to_have_text("Submitted")
    bid_url = page.url
    sign_out(page)

    # The chair puts it on the meeting's agenda.
    sign_in(page, "chair@example.org", password)
    page.goto(bid_url)
    axe_check(page)
    page.get_by_role("button", name="Put on a meeting's agenda").click()
    axe_check(page)
    page.get_by_label("Meeting").select_option(label=f"Wycombe open meeting ({board.name})")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("#fund-meeting")).to_contain_text("Wycombe open meeting")
    sign_out(page)

    # A member with an interest declares it, and then cannot vote on the item.
    sign_in(page, "member@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/boards/meetings/{meeting.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Declare an interest").click()
    axe_check(page)
    page.get_by_label("Agenda item").select_option(index=1)
    page.get_by_label("Personal (family, friends, close associates)").check()
    page.get_by_label("Nature of the interest").fill("My son goes to the youth club.")
    page.get_by_role("button", name="Record the declaration").click()
    expect(page.locator("#declarations + ul")).to_contain_text("My son goes to the youth club.")
    page.get_by_role("link", name="Votes and declared interests").first.click()
    axe_check(page)
    page.get_by_label("For", exact=True).check()
    page.get_by_role("button", name="Record the vote").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot vote")
    axe_check(page)
    sign_out(page)

    # The chair votes and records the board's award at the meeting.
    sign_in(page, "chair@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/boards/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Votes and declared interests").first.click()
    page.get_by_label("Member").select_option(label="Cara Chair")
    page.get_by_label("For", exact=True).check()
    page.get_by_role("button", name="Record the vote").click()
    expect(page.locator("#tally")).to_contain_text("1")
    page.goto(bid_url)
    page.get_by_role("button", name="Record the board's decision").click()
    axe_check(page)
    page.get_by_label("Award", exact=True).check()
    page.get_by_label("Reason for the decision").fill("Young people asked for it.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#bid-state")).to_have_text("Awarded")
    axe_check(page)

    # The board's other forms: a new fund, this fund's settings, recording a payment; then the
    # group's report on what the money did.
    application = FundApplication.objects.for_place(bucks).get(fund=the_fund)
    application_url = f"{live_server.url}/{bucks.slug}/funding/fund-applications/{application.pk}/"
    for url, heading in (
        (f"{live_server.url}/{bucks.slug}/funding/board-funds/new/", "Set up a board fund"),
        (fund_url + "edit/", "Change the fund"),
        (application_url + "payments/new/", "Record a payment"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)
    sign_out(page)
    sign_in(page, "leader@example.org", password)
    page.goto(application_url + "report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell the board what the money did")
    axe_check(page)
    sign_out(page)

    # Anyone sees the fund's spend, what was funded and the register of interests.
    page.goto(fund_url)
    expect(page.locator("#fund-money")).to_contain_text("£4,200")
    expect(page.locator("#fund-grants")).to_contain_text("Friday youth club kit")
    expect(page.locator("#fund-grants")).to_contain_text("Young people")
    axe_check(page)
    page.goto(f"{live_server.url}/{bucks.slug}/boards/{board.pk}/interests/")
    expect(page.get_by_role("table")).to_contain_text("My son goes to the youth club.")
    axe_check(page)
