"""A resident searches from the header of any page, by keyboard alone: the results come best first
with the words marked, a filter by kind narrows them, and a private paper never shows; a council
officer's same search finds it. axe-core and the 320 px reflow check every page."""

import pytest
from playwright.sync_api import expect

from boards import services as boards_services
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.boards import board, meeting, pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_searches_from_the_header_and_filters_the_results(
    page,
    live_server,
    axe_check,
    reflow_check,
    sign_in,
    bucks,
    make_member,
    password,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_member(bucks, Role.RESIDENT, email="resident@example.org", name="Rae Resident")
    make_member(bucks, Role.COUNCIL_OFFICER, email="officer@example.org", name="Olu Officer")
    with place_scope(bucks):
        otters = board(bucks, name="Otter recovery board", description="Rivers and otters.")
        gathering = meeting(bucks, otters, title="Otter gathering", is_public=True)
        item = boards_services.agenda_item_add(
            place=bucks, actor=None, meeting=gathering, title="Budget"
        )
        boards_services.paper_upload(
            place=bucks,
            actor=None,
            agenda_item=item,
            title="Otter sums (private)",
            file=pdf(),
            is_private=True,
        )
        board(bucks, name="Heron board", description="Otters are welcome too.")

    sign_in(page, "resident@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/")
    # The header's search box, reached by keyboard: its label names the place.
    box = page.get_by_role("search", name="Search this place").get_by_label(
        "Search Buckinghamshire"
    )
    box.focus()
    page.keyboard.type("otter")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search Buckinghamshire")
    expect(page.locator("#search-count")).to_have_text("4 results")
    results = page.locator("#search-results li")
    # The board named for otters first, its word marked; the private paper nowhere.
    expect(results.first.get_by_role("link")).to_have_text("Otter recovery board")
    expect(results.first.get_by_role("link").locator("mark")).to_have_text("Otter")
    expect(page.locator("#search-results")).not_to_contain_text("Otter sums")
    axe_check(page)
    reflow_check(page)

    # Only the meetings, by keyboard: the filter's checkbox, then its button.
    page.get_by_label("Meetings (1)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Apply filter").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#search-count")).to_have_text("1 result")
    expect(results.first.get_by_role("link")).to_have_text("Otter gathering")
    axe_check(page)
    reflow_check(page)

    # An officer's same search finds the private paper.
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    sign_in(page, "officer@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/search/?q=otter")
    expect(page.locator("#search-results")).to_contain_text("Otter sums (private)")
    axe_check(page)
