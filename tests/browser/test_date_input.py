"""The GOV.UK date input in a browser, on a phone-sized screen (320 px wide): a charity leader types
a need's indicator date in its day, month and year boxes, is told when a part is missing, submits,
edits the need and finds the date kept. axe-core finds no WCAG 2.2 AA violation on any step."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.places.services import area_create
from coordination.vocabularies.models import Theme
from mapping.models import Need
from tests.support.dates import fill_date
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_date_typed_in_the_boxes_is_kept_when_the_need_is_edited(
    page, live_server, axe_check, reflow_check, sign_in, sutton, make_member, password
):
    # A transactional test may start from emptied tables: put back the shared theme it needs.
    Theme.objects.get_or_create(slug=slugify("Food"), place=None, defaults={"name": "Food"})
    area_create(place=sutton, name="St Helier West", kind="ward")
    hub = OrganisationFactory(name="St Helier Community Hub", places=[sutton])
    make_member(sutton, Role.CHARITY_LEADER, organisation=hub, email="leader@example.org")
    sign_in(page, "leader@example.org", password)
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(
        live_server.url + reverse("places:mapping:need_create", kwargs={"place_slug": sutton.slug})
    )
    dates = page.get_by_role("group", name="Indicator date")
    expect(dates).to_contain_text("For example, 27 3 2026")
    reflow_check(page)
    page.get_by_label("Area").select_option(label="St Helier West")
    page.get_by_label("Theme").select_option(label="Food")
    page.get_by_label("What is the need?").fill("Pantry queue out of the door")
    page.get_by_label("Indicator value").fill("140")
    page.get_by_label("Indicator unit").fill("families a week")
    page.get_by_label("Indicator source").fill("Pantry sign-in sheets")

    # A date with no month: GOV.UK's message, the month box marked, the day and year kept.
    dates.get_by_label("Day").fill("27")
    dates.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Submit evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("Indicator date must include a month")
    dates = page.get_by_role("group", name="Indicator date")
    expect(dates.get_by_label("Month")).to_have_class(re.compile("govuk-input--error"))
    expect(dates.get_by_label("Day")).not_to_have_class(re.compile("govuk-input--error"))
    expect(dates.get_by_label("Day")).to_have_value("27")
    expect(dates.get_by_label("Year")).to_have_value("2026")
    reflow_check(page)
    page.get_by_role("link", name="Indicator date must include a month").click()
    expect(dates.get_by_label("Month")).to_be_focused()

    fill_date(page, "Indicator date", date(2026, 3, 27))
    page.get_by_role("button", name="Submit evidence").click()
    page.get_by_role("link", name="Change Pantry queue out of the door").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change evidence of a need")
    dates = page.get_by_role("group", name="Indicator date")
    expect(dates.get_by_label("Day")).to_have_value("27")
    expect(dates.get_by_label("Month")).to_have_value("3")
    expect(dates.get_by_label("Year")).to_have_value("2026")
    reflow_check(page)
    axe_check(page)

    # Saving a change elsewhere keeps the date.
    page.get_by_label("Indicator value").fill("150")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Change Pantry queue out of the door")).to_be_visible()
    need = Need.objects.for_place(sutton).get()
    assert (need.indicator_value, need.indicator_date) == (150, date(2026, 3, 27))
    page.get_by_role("link", name="Change Pantry queue out of the door").click()
    expect(page.get_by_role("group", name="Indicator date").get_by_label("Day")).to_have_value("27")
