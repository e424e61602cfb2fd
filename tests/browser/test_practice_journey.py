"""A Sutton council officer writes a note of what worked, adds a figure and publishes it; a
Coventry officer finds it at /practice/ and follows it from Coventry. axe-core checks each page,
and the list and the note reflow at 320 px."""

import pytest
from playwright.sync_api import expect

from coordination.accounts.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()


def test_sutton_publishes_what_worked_and_coventry_follows_it(
    page, live_server, axe_check, reflow_check, sign_in, sutton, coventry, make_member, password
):
    make_member(sutton, Role.COUNCIL_OFFICER, email="officer@sutton.example", name="Sal Sutton")
    make_member(
        coventry, Role.COUNCIL_OFFICER, email="officer@coventry.example", name="Cole Coventry"
    )

    # Sutton's officer writes a draft from the place's notes page.
    sign_in(page, "officer@sutton.example", password)
    page.goto(f"{live_server.url}/{sutton.slug}/")
    page.get_by_role("link", name="What worked in Sutton").click()
    axe_check(page)
    page.get_by_role("button", name="Write a note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a note of what worked")
    axe_check(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Title").fill("Asset-based working on the St Helier estate")
    page.get_by_label("Summary").fill("Residents mapped what the estate already has.")
    page.get_by_label("What we did").fill("Community connectors knocked on doors.")
    page.get_by_label("What changed").fill("More residents run activities themselves.")
    page.get_by_label("What we would do differently").fill("Start with the residents' group.")
    page.get_by_label("Theme (optional)").select_option(label="Loneliness")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Asset-based working on the St Helier estate"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("This is a draft")
    axe_check(page)

    # A figure, then publish.
    page.get_by_role("button", name="Add a figure").click()
    axe_check(page)
    page.get_by_label("What it counts").fill("Assets residents mapped")
    page.get_by_label("Number").fill("63")
    page.get_by_role("radio", name="Count").check()
    page.get_by_label("Period").fill("January to June 2026")
    page.get_by_role("button", name="Add figure").click()
    expect(page.get_by_role("table")).to_contain_text("Assets residents mapped")
    expect(page.get_by_role("table")).to_contain_text("63")
    page.get_by_role("button", name="Publish for every place to read").click()
    expect(
        page.get_by_role("alert").or_(page.locator(".govuk-notification-banner"))
    ).to_contain_text("Published")
    axe_check(page)
    sign_out(page)

    # Coventry's officer reads it among every place's notes and follows it from Coventry.
    sign_in(page, "officer@coventry.example", password)
    page.goto(f"{live_server.url}/practice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What worked elsewhere")
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Place", exact=True).select_option(label="Sutton")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Asset-based working on the St Helier estate").click()
    expect(page.get_by_role("table")).to_contain_text("Assets residents mapped")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("button", name="Follow this note").click()
    axe_check(page)
    page.get_by_role("radio", name="Coventry").check()
    page.get_by_label("How you are trying it (optional)").fill("Foleshill is mapping its assets.")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_text("You are trying this in Coventry.")).to_be_visible()
    followers = page.get_by_role("region", name="Places trying this")
    expect(followers).to_contain_text("Coventry")
    expect(followers).to_contain_text("Foleshill is mapping its assets.")
    expect(followers).not_to_contain_text("Cole Coventry")
    axe_check(page)
    reflow_check(page)

    # Stopping is one button, reached by keyboard.
    stop = page.get_by_role("button", name="Stop following from Coventry")
    stop.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="Places trying this")).to_contain_text(
        "No other place is trying this yet."
    )
