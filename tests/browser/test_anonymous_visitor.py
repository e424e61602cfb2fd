"""Someone not signed in: the public pages, a place that does not exist, and the account pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor_sees_public_pages(page, live_server, axe_check, sutton):
    AreaFactory(place=sutton, name="St Helier", kind="community_board_area")

    page.goto(live_server.url + "/")
    for name in ("Buckinghamshire", "Coventry", "Sutton"):
        expect(page.get_by_role("main").get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Place working, starting with the St Helier pilot."
    )
    axe_check(page)

    page.get_by_role("main").get_by_role("link", name="Sutton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sutton")
    your_roles = page.get_by_role("region", name="Your roles here")
    expect(your_roles.get_by_role("link", name="Sign in")).to_have_attribute(
        "href", "/accounts/login/?next=/sutton/"
    )
    expect(your_roles.get_by_role("link", name="Create an account")).to_be_visible()
    expect(page.get_by_role("region", name="Community areas")).to_contain_text("St Helier")
    axe_check(page)

    page.get_by_role("navigation", name="Sutton menu").get_by_role("link", name="Areas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Areas in Sutton")
    expect(page.get_by_role("table")).to_contain_text("Community board area")
    axe_check(page)


def test_an_unknown_place_shows_the_not_found_page(page, live_server, axe_check):
    response = page.goto(live_server.url + "/nowhere/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found – InPlace")
    axe_check(page)


def test_sign_up_confirm_email_and_reset_the_password(page, live_server, axe_check, password):
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    axe_check(page)

    # Sending the form empty shows GOV.UK errors.
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)

    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_label("Full name").fill("Jo Newcomer")
    page.get_by_label("I accept the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)  # "verify your email address"

    page.goto(_link_in(mail.outbox[-1].body, "/accounts/confirm-email/"))
    expect(page.get_by_role("button", name="Confirm")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + "/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    axe_check(page)
    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_url(live_server.url + "/accounts/password/reset/done/")
    axe_check(page)

    page.goto(_link_in(mail.outbox[-1].body, "/accounts/password/reset/key/"))
    expect(page.get_by_label("New Password", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_label("New Password", exact=True).fill("a-different-long-passphrase")
    page.get_by_label("New Password (again)").fill("a-different-long-passphrase")
    page.get_by_role("button", name="Change Password").click()
    expect(page).to_have_url(live_server.url + "/accounts/password/reset/key/done/")
    axe_check(page)


def _link_in(text, path):
    (link,) = re.findall(rf"https?://\S+{re.escape(path)}\S*", text)
    return link
