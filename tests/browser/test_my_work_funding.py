"""My work for the demo's charity leader and funder: each signs in, opens My work, finds their
funding sections' items, and follows one to where they act."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordination.accounts.models import User
from coordination.notifications.models import OutboxEmail
from coordination.places.demo.data import DEMO_PASSWORD
from coordination.places.models import Place
from funding.demo_place_figures import place_variation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server, settings):
    settings.NOTIFICATIONS_DELIVER_ON_COMMIT = False
    call_command("seed_demo", stdout=StringIO())


def open_my_work(page, place_name):
    # Signing in lands a person of one place in that place.
    expect(page.locator(".inplace-header__place")).to_have_text(place_name)
    page.get_by_role("link", name="My work", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")


def test_a_charity_leader_finds_their_draft_and_goes_to_submit_it(
    page, live_server, demo, sign_in, axe_check, reflow_check, screenshot
):
    sign_in(page, "leader@sutton.demo.inplace.example", DEMO_PASSWORD)
    open_my_work(page, "Sutton")
    bids = page.get_by_role("region", name=re.compile(r"^My organisation's bids"))
    expect(bids).to_contain_text("Charity leaders")
    draft = bids.get_by_role("listitem").filter(has_text="Volunteer drivers (draft)")
    expect(draft).to_contain_text("Draft — submit it before the programme closes")
    expect(draft).to_contain_text("Due ")
    expect(bids).to_contain_text("Community pantry running costs")
    award = 36000 * place_variation(Place.objects.get(slug="sutton")).amount_scale
    expect(bids).to_contain_text(f"Awarded £{award:,.0f}")  # the places' demos differ
    expect(bids).to_contain_text("Declined — the funder's feedback is late: it was due on")
    axe_check(page)
    screenshot(page, "my-work-charity-leader")
    reflow_check(page)

    draft.get_by_role("link", name="Volunteer drivers (draft)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Volunteer drivers (draft)")
    expect(page.get_by_role("button", name="Submit the bid")).to_be_visible()
    axe_check(page)


def test_a_funder_sees_feedback_owed_releases_it_and_the_applicant_is_emailed(
    page, live_server, demo, sign_in, axe_check, reflow_check, screenshot
):
    sign_in(page, "funder@coventry.demo.inplace.example", DEMO_PASSWORD)
    open_my_work(page, "Coventry")
    owed = page.get_by_role("region", name=re.compile(r"^Feedback owed"))
    late = owed.get_by_role("listitem").filter(has_text="Befriending phone line")
    expect(late).to_contain_text("Overdue")
    expect(late).to_contain_text("Was due")
    decide = page.get_by_role("region", name=re.compile(r"^Bids to decide"))
    expect(decide).to_contain_text("Hot meals for families")
    expect(decide).to_contain_text("Under review, awaiting your decision")
    offers = page.get_by_role("region", name=re.compile(r"^Co-funding offers"))
    expect(offers).to_contain_text("National Communities Fund offers £10,000 towards it")
    axe_check(page)
    screenshot(page, "my-work-funder")
    reflow_check(page)

    late.get_by_role("link", name="Befriending phone line").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Befriending phone line")
    axe_check(page)
    page.get_by_role("button", name="Release the feedback to the applicant").click()
    expect(page.get_by_text("The applicant's people are told in InPlace")).to_be_visible()
    axe_check(page)
    leader = User.objects.get(email="leader@coventry.demo.inplace.example")
    coventry = Place.objects.get(slug="coventry")
    [email] = OutboxEmail.objects.for_place(coventry).filter(
        recipient=leader,
        kind="news:funding_bid_decided",
        subject="Feedback on “Befriending phone line”",
    )
    assert "What would strengthen a future bid:" in email.text_body

    page.get_by_role("link", name="My work", exact=True).first.click()
    owed = page.get_by_role("region", name=re.compile(r"^Feedback owed"))
    expect(owed).to_contain_text("Declined bids whose feedback you have not released appear here")
    axe_check(page)
