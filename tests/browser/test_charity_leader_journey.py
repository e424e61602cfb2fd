"""A charity leader who works in two places signs in, moves between them, finds an organisation."""

import re

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import Role
from tests.support.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_charity_leader_signs_in_switches_place_and_filters_organisations(
    page, live_server, axe_check, screenshot, bucks, coventry, make_member, password
):
    charity = OrganisationFactory(name="Wycombe Youth Action", places=[bucks, coventry])
    leader = make_member(
        bucks,
        Role.CHARITY_LEADER,
        organisation=charity,
        email="leader@example.org",
        name="Sam Okafor",
    )
    MembershipFactory(place=coventry, user=leader, role=Role.CHARITY_LEADER, organisation=charity)
    OrganisationFactory(name="Coventry Food Bank", places=[coventry])
    council = OrganisationFactory(
        name="Coventry City Council",
        kind="council",
        places=[coventry],
        description="The city council's communities team.",
    )

    # The public landing page lists the places.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working together in your place")
    axe_check(page)

    # Sign in through allauth's page, by email.
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    axe_check(page)
    screenshot(page, "sign-in")
    page.get_by_label("Email", exact=True).fill("leader@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()

    # In two places: asked which to go to; on to Buckinghamshire.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which place do you want to go to?")
    page.get_by_role("radio", name="Buckinghamshire").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buckinghamshire")
    roles = page.get_by_role("region", name="Your roles here")
    expect(roles).to_contain_text("Charity leader for Wycombe Youth Action")
    expect(page.get_by_role("region", name="Voluntary and community sector")).to_be_visible()
    header_colour = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(0, 90, 91)"  # Buckinghamshire's #005a5b
    axe_check(page)

    # The place switcher goes to Coventry, where they hold the same role.
    page.get_by_role("navigation", name="Places").get_by_role("link", name="Coventry").click()
    expect(page).to_have_url(f"{live_server.url}/coventry/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coventry")
    expect(page.get_by_role("region", name="Your roles here")).to_contain_text("Charity leader")
    header_colour = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(27, 79, 114)"  # Coventry's #1b4f72
    axe_check(page)
    screenshot(page, "coventry-home-charity-leader")

    # The organisations in Coventry, filtered by kind without reloading the page.
    page.get_by_role("navigation", name="Coventry menu").get_by_role(
        "link", name="Organisations"
    ).click()
    results = page.locator("#organisation-results")
    expect(results).to_contain_text("Coventry Food Bank")
    expect(results).to_contain_text("Coventry City Council")
    axe_check(page)

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Kind of organisation").select_option(label="Council")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]kind=council"))
    expect(results).not_to_contain_text("Coventry Food Bank")
    expect(results).to_contain_text("Coventry City Council")
    expect(page.get_by_role("status")).to_have_text("1 organisation")
    assert page.evaluate("window.stillTheSamePage === true"), "the filter reloaded the whole page"
    axe_check(page)
    screenshot(page, "coventry-organisations-filtered")

    page.get_by_role("link", name="Coventry City Council").click()
    expect(page).to_have_url(f"{live_server.url}/coventry/organisations/{council.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coventry City Council")
    expect(page.get_by_role("main")).to_contain_text("The city council's communities team.")
    axe_check(page)
