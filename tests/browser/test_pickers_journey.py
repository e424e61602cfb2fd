"""A board's secretary seats a new member by typing part of her name: the picker suggests the
place's people as they type, by keyboard, and the form sends the one chosen. Without the
script, the same box takes the name typed and offers the closest matches to choose from.
axe-core checks each page, at 320 px too.

A charity leader bidding for a tender adds consortium partners the same way, by keyboard: each one
chosen joins a list of ticked boxes at once, and unticking one takes it off the bid."""

import re

import pytest
from playwright.sync_api import expect

from boards.models import BoardMembership, Position
from commissioning.models import Submission
from coordination.accounts.models import Role
from coordination.pickers.fields import SELECT_UP_TO
from tests.support.boards import board, seat
from tests.support.commissioning import council_of, leader_of, officer_of, opened, tender
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


@pytest.fixture
def open_tender(crowded):
    bucks = crowded
    council = council_of(bucks, "Buckinghamshire Council")
    officer = officer_of(bucks, council, name="Olu Officer")
    for name in ("Chiltern Foodbank", "Marlow Foodbank", "Wycombe Age Concern"):
        OrganisationFactory(name=name, places=[bucks])
    return opened(bucks, officer, tender(bucks, officer, council))


def add_partner(page, box, typed, name):
    """Type into the box and choose the suggestion by keyboard alone."""
    page.keyboard.type(typed)
    expect(page.get_by_role("option", name=re.compile(name))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name=re.compile(name))).to_be_checked()
    expect(page.locator("#id_partners_status")).to_have_text(f"{name} added")
    expect(box).to_have_value("")
    expect(box).to_be_focused()


def test_a_bidder_adds_partners_by_typing_and_unticks_one(
    page, live_server, sign_in, crowded, open_tender, password, axe_check, reflow_check, screenshot
):
    bucks = crowded
    leader, organisation = leader_of(bucks, email="cara@example.org", name="Cara Leader")
    sign_in(page, "cara@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/commissioning/{open_tender.pk}/submit/")
    partners = page.get_by_role("group", name=re.compile("Consortium partners"))
    expect(page.locator("#id_partners_none")).to_have_text("No organisation chosen yet.")
    expect(partners.get_by_role("checkbox")).to_have_count(0)
    axe_check(page)
    box = page.get_by_role("combobox", name="Add an organisation")
    box.focus()
    add_partner(page, box, "chiltern", "Chiltern Foodbank")
    expect(page.locator("#id_partners_none")).to_be_hidden()
    add_partner(page, box, "foodbank marl", "Marlow Foodbank")
    page.keyboard.type("wycombe age")
    expect(page.get_by_role("option", name=re.compile("Wycombe Age Concern"))).to_be_visible()
    axe_check(page)
    reflow_check(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(partners.get_by_role("checkbox", checked=True)).to_have_count(3)
    # Choosing one already on the list says so rather than listing it twice.
    add_partner_again = page.get_by_role("option", name=re.compile("Chiltern Foodbank"))
    page.keyboard.type("chiltern")
    expect(add_partner_again).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_partners_status")).to_have_text("Chiltern Foodbank is already chosen")
    expect(partners.get_by_role("checkbox")).to_have_count(3)

    # Marlow is taken off again: unticked from the keyboard.
    marlow = page.get_by_role("checkbox", name=re.compile("Marlow Foodbank"))
    marlow.focus()
    page.keyboard.press("Space")
    expect(marlow).not_to_be_checked()
    axe_check(page)
    screenshot(page, "bid-partners-desktop")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "bid-partners-320")
    reflow_check(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("How you would deliver the contract").fill("Pantries across the county.")
    page.get_by_label("Price in pounds").fill("245000")
    page.get_by_role("button", name="Submit bid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bid led by {organisation.name}")
    expect(page.get_by_role("main")).to_contain_text("Chiltern Foodbank, Wycombe Age Concern")
    axe_check(page)
    bid = Submission.objects.for_place(bucks).get(tender=open_tender)
    assert sorted(p.name for p in bid.partners.all()) == [
        "Chiltern Foodbank",
        "Wycombe Age Concern",
    ]


def test_without_the_script_partners_are_added_by_name(
    browser, live_server, crowded, open_tender, password, screenshot
):
    bucks = crowded
    leader_of(bucks, email="cara2@example.org", name="Cara Leader")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email", exact=True).fill("cara2@example.org")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/{bucks.slug}/commissioning/{open_tender.pk}/submit/")
        page.get_by_label("Add an organisation").fill("foodbank")
        page.get_by_label("How you would deliver the contract").fill("Pantries.")
        page.get_by_label("Price in pounds").fill("1000")
        page.get_by_role("button", name="Submit bid").click()
        expect(page.get_by_text("Choose which organisation you mean").first).to_be_visible()
        which = page.get_by_role("group", name="Which organisation do you mean?")
        which.get_by_role("checkbox", name=re.compile("Chiltern Foodbank")).check()
        which.get_by_role("checkbox", name=re.compile("Marlow Foodbank")).check()
        screenshot(page, "bid-partners-no-script")
        page.get_by_role("button", name="Submit bid").click()
        expect(page.get_by_role("main")).to_contain_text("Chiltern Foodbank, Marlow Foodbank")
    finally:
        context.close()
