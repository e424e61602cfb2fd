"""A board's secretary seats a new member by typing part of her name: the picker suggests the
place's people as they type, by keyboard, and the form sends the one chosen. Without the
script, the same box takes the name typed and offers the closest matches to choose from.
axe-core checks each page, at 320 px too."""

import pytest
from playwright.sync_api import expect

from boards.models import BoardMembership, Position
from coordination.accounts.models import Role
from coordination.pickers.fields import SELECT_UP_TO
from tests.support.boards import board, seat
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def crowded(bucks, make_member):
    """More people and organisations than a select lists, so the form offers boxes to type in."""
    for number in range(SELECT_UP_TO + 1):
        make_member(bucks, Role.RESIDENT, name=f"Resident {number:02d}")
        OrganisationFactory(name=f"Parish council {number:02d}", places=[bucks])
    return bucks


def test_a_secretary_seats_someone_by_typing_their_name(
    page, live_server, sign_in, crowded, make_member, password, axe_check, reflow_check
):
    bucks = crowded
    secretary = make_member(bucks, Role.CHARITY_LEADER, email="sec@example.org", name="Sam Sec")
    priya = make_member(bucks, Role.RESIDENT, name="Priya Patel")
    make_member(bucks, Role.RESIDENT, name="Priyanka Rao")
    town = board(bucks, name="Town Board")
    seat(bucks, town, secretary, Position.SECRETARY)

    sign_in(page, "sec@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/boards/{town.pk}/members/add/")
    person = page.get_by_role("combobox", name="Person")
    expect(person).to_be_visible()
    axe_check(page)
    person.focus()
    page.keyboard.type("priya pat")
    suggestion = page.get_by_role("option", name="Priya Patel")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("option", name="Priyanka Rao")).to_have_count(0)
    axe_check(page)
    reflow_check(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(person).to_have_value("Priya Patel")
    page.get_by_label("Sector represented").select_option(label="Community (residents)")
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("4")
    start.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Town Board")
    assert BoardMembership.objects.for_place(bucks).filter(board=town, user=priya).exists()


def test_without_the_script_the_name_typed_is_matched(
    browser, live_server, crowded, make_member, password
):
    bucks = crowded
    secretary = make_member(bucks, Role.CHARITY_LEADER, email="sec2@example.org", name="Sam Sec")
    make_member(bucks, Role.RESIDENT, name="Priya Patel")
    town = board(bucks, name="Town Board")
    seat(bucks, town, secretary, Position.SECRETARY)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email", exact=True).fill("sec2@example.org")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/buckinghamshire/boards/{town.pk}/members/add/")
        page.get_by_label("Person").fill("resident 1")
        page.get_by_role("button", name="Add member").click()
        expect(page.get_by_text("Choose which person you mean").first).to_be_visible()
        page.get_by_role("radio", name="Resident 12").check()
        expect(page.get_by_role("group", name="Which person do you mean?")).to_be_visible()
    finally:
        context.close()
