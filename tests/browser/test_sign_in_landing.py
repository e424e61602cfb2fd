"""Signing in: the form in the order people tab through it, and where each person lands: their one
place, or the chooser when they belong to several, remembered for the next time."""

import re

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import Role
from tests.support.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page):
    """What has the keyboard focus: its name or the text of the link or button."""
    return page.evaluate(
        "() => { const e = document.activeElement; return e.name || e.textContent.trim(); }"
    )


def test_the_sign_in_form_in_tab_order(page, live_server, axe_check):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert page.locator("[placeholder]").count() == 0
    page.get_by_label("Email", exact=True).focus()
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    assert seen == ["password", "Forgot your password?", "remember", "Sign in"]
    axe_check(page)


def test_a_person_in_several_places_chooses_one_and_returns_to_it(
    page, live_server, axe_check, sign_in, password, bucks, coventry, make_member
):
    person = make_member(bucks, Role.CHARITY_LEADER, email="two.places@example.org")
    MembershipFactory(place=coventry, user=person, role=Role.RESIDENT)

    sign_in(page, "two.places@example.org", password)
    expect(page).to_have_url(f"{live_server.url}/accounts/place/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which place do you want to go to?")
    expect(page.get_by_role("radio", name="Buckinghamshire")).to_be_visible()
    expect(page.get_by_text(re.compile("^Charity leader for"))).to_be_visible()
    axe_check(page)

    # Continuing without a choice says what to do.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the place you want to go to"
    )
    axe_check(page)

    page.get_by_role("radio", name="Coventry").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coventry")

    # Next time, straight there; the header reaches the chooser again.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "two.places@example.org", password)
    expect(page).to_have_url(f"{live_server.url}/coventry/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Change place").click()
    expect(page.get_by_role("radio", name="Coventry")).to_be_checked()
    axe_check(page)


def test_a_person_in_one_place_lands_on_its_home_page(
    page, live_server, axe_check, reflow_check, sign_in, password, sutton, make_member
):
    make_member(
        sutton,
        Role.CHARITY_LEADER,
        email="one.place.leader@sutton.demo.inplace.example",
        organisation=OrganisationFactory(
            places=[sutton], name="Sutton and St Helier Community Transport Partnership"
        ),
    )
    sign_in(page, "one.place.leader@sutton.demo.inplace.example", password)
    expect(page).to_have_url(f"{live_server.url}/sutton/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sutton")
    axe_check(page)

    # The profile, from the header: how to reach them, with a clear error for a wrong number.
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_label("Contact email address (optional)")).to_have_value(
        "one.place.leader@sutton.demo.inplace.example"
    )
    page.get_by_label("Phone number (optional)").fill("call me")
    page.get_by_role("button", name="Save your profile").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    axe_check(page)
    page.get_by_label("Phone number (optional)").fill("01632 960 001")
    page.get_by_role("button", name="Save your profile").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your profile is saved."
    )
    axe_check(page)
    reflow_check(page)


def test_a_person_in_no_place_lands_on_the_page_of_all_places(page, live_server, sign_in, password):
    UserFactory(email="no.place@example.org")
    sign_in(page, "no.place@example.org", password)
    expect(page).to_have_url(f"{live_server.url}/")
