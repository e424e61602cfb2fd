"""Sealed bids in the browser: a charity bids; the commissioning officer sees only "1 bid received,
sealed until <deadline>"; the deadline passes and the periodic opening runs; the opening appears on
the public timeline for anyone, and the officer now sees the bid. axe-core checks every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.tasks import open_sealed_bids
from coordination.accounts.models import Role
from coordination.vocabularies.models import Theme
from tests.support.commissioning import deadline_passes, opened, tender
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()


def test_sealed_bids_open_together_at_the_deadline(
    page, live_server, axe_check, screenshot, sign_in, bucks, make_member, password
):
    council = OrganisationFactory(name="Buckinghamshire Council", kind="council", places=[bucks])
    charity = OrganisationFactory(name="Chiltern Food Network", places=[bucks])
    officer = make_member(
        bucks, Role.COUNCIL_OFFICER, organisation=council, email="officer@example.org", name="Olu"
    )
    make_member(
        bucks, Role.CHARITY_LEADER, organisation=charity, email="leader@example.org", name="Cara"
    )
    # A live-server test starts from flushed tables: the shared themes may need putting back.
    Theme.objects.get_or_create(slug="food", place=None, defaults={"name": "Food"})
    t = opened(bucks, officer, tender(bucks, officer, council, title="Community food support"))
    deadline = timezone.localtime(t.submission_deadline, bucks.tz).strftime("%-d %B %Y, %H:%M")
    tender_url = f"{live_server.url}{t.get_absolute_url()}"

    # The charity bids.
    sign_in(page, "leader@example.org", password)
    page.goto(tender_url)
    page.get_by_role("link", name="Submit a bid").click()
    axe_check(page)
    page.get_by_label("How you would deliver the contract").fill("Twelve pantries, two cafés.")
    page.get_by_label("Price in pounds").fill("245000")
    page.get_by_role("button", name="Submit bid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bid led by Chiltern Food Network")
    axe_check(page)
    sign_out(page)

    # The officer sees how many bids came in and until when they are sealed, nothing more.
    sign_in(page, "officer@example.org", password)
    page.goto(tender_url)
    expect(page.locator("#sealed-bids")).to_contain_text(f"1 bid received, sealed until {deadline}")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Chiltern Food Network")
    axe_check(page)
    page.get_by_role("link", name="Bids and scores").click()
    expect(page.locator("#sealed-bids")).to_contain_text("1 bid received, sealed until")
    expect(main).not_to_contain_text("Chiltern Food Network")
    expect(main).not_to_contain_text("245,000")
    axe_check(page)
    screenshot(page, "bids-sealed")

    # Time passes: the deadline is reached and the periodic opening runs (as beat would).
    deadline_passes(t)
    assert open_sealed_bids(place_id=bucks.pk) == {"opened": 1}
    page.goto(tender_url)
    opening = page.locator("#bid-opening")
    expect(opening).to_contain_text("Bids opened")
    expect(opening).to_contain_text("1 bid was received")
    expect(page.locator("#sealed-bids")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Bids and scores").click()
    expect(main).to_contain_text("Chiltern Food Network")
    expect(main).to_contain_text("£245,000.00")
    axe_check(page)
    sign_out(page)

    # Anyone reads the opening on the public timeline.
    page.goto(tender_url)
    expect(page.locator("#bid-opening")).to_contain_text("1 bid was received")
    page.get_by_role("link", name="The timeline on its own page").click()
    expect(page.locator("#bid-opening")).to_contain_text("Bids opened")
    expect(page.get_by_role("main")).not_to_contain_text("Chiltern Food Network")
    axe_check(page)
