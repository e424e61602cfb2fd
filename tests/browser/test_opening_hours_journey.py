"""An officer sets a service's opening hours on its form (a line they get wrong is named and kept
as typed); the public page lists the hours by day. axe-core on every page, and at 320 px."""

import pytest
from django.utils.text import slugify
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.vocabularies.models import Theme
from mapping import services
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_sets_opening_hours_and_the_public_page_shows_them(
    page, live_server, axe_check, reflow_check, screenshot, sign_in, sutton, make_member, password
):
    # A transactional test may start from emptied tables: put back the shared theme it needs.
    food = Theme.objects.get_or_create(slug=slugify("Food"), place=None, defaults={"name": "Food"})[
        0
    ]
    council = OrganisationFactory(name="London Borough of Sutton", kind="council", places=[sutton])
    make_member(sutton, Role.COUNCIL_OFFICER, organisation=council, email="officer@example.org")
    service = services.service_create(
        place=sutton,
        actor=None,
        organisation=council,
        name="Cheam food pantry",
        themes=[food],
        whole_place=True,
    )

    sign_in(page, "officer@example.org", password)
    page.goto(live_server.url + service.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Cheam food pantry")
    expect(page.get_by_role("heading", name="Opening hours")).to_have_count(0)
    page.get_by_role("button", name="Change this listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the service listing")
    hours = page.get_by_label("Opening hours (optional)")
    expect(hours).to_be_visible()
    axe_check(page)

    # A closing time before the opening time: the line is named, and what was typed stays.
    typed = "Mon-Fri 09:00-17:00\nSat 12:00-10:00 volunteers only"
    hours.fill(typed)
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Opening 2")
    expect(summary).to_contain_text("closing time must be after the opening time")
    expect(page.get_by_label("Opening hours (optional)")).to_have_value(typed)
    axe_check(page)
    reflow_check(page)

    page.get_by_label("Opening hours (optional)").fill(
        "Mon-Fri 09:00-17:30\nSat 10:00-12:00 volunteers only"
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Cheam food pantry updated.")
    page.get_by_role("button", name="Sign out").click()

    # Anyone reads the hours on the service's page.
    page.goto(live_server.url + service.get_absolute_url())
    expect(page.get_by_role("heading", name="Opening hours")).to_be_visible()
    monday = page.locator(".govuk-summary-list__row", has_text="Monday")
    expect(monday).to_contain_text("9am to 5:30pm")
    saturday = page.locator(".govuk-summary-list__row", has_text="Saturday")
    expect(saturday).to_contain_text("10am to midday, volunteers only")
    expect(page.locator(".govuk-summary-list__row", has_text="Sunday")).to_have_count(0)
    axe_check(page)
    reflow_check(page)
    screenshot(page, "mapping-opening-hours")
