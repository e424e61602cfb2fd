"""The funder's side of funding in a browser: publish a programme, coordinate, award; axe on each page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.vocabularies.models import Theme
from funding import services
from funding.models import Programme
from tests.support.dates import fill_date
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_funder_publishes_a_programme_sees_overlaps_and_awards(
    page, live_server, axe_check, sign_in, bucks, make_member, password
):
    funder_org = OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    other_org = OrganisationFactory(name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks])
    charity = OrganisationFactory(name="Wycombe Food Hub", places=[bucks])
    make_member(bucks, Role.FUNDER, organisation=funder_org, email="funder@example.org")
    other = make_member(bucks, Role.FUNDER, organisation=other_org)
    leader = make_member(bucks, Role.CHARITY_LEADER, organisation=charity)
    today = timezone.localdate(timezone=bucks.tz)
    # A live-server test's flush empties the tables the migrations filled: put the theme back.
    food, _created = Theme.objects.get_or_create(slug="food", place=None, defaults={"name": "Food"})
    other_programme = services.programme_create(
        place=bucks,
        actor=other,
        funder=other_org,
        title="Vale Food Fund",
        description="Food projects.",
        funding_type="project",
        amount_min=Decimal("1000"),
        amount_max=Decimal("20000"),
        grant_length_months=12,
        opens_on=today - timedelta(days=10),
        deadline=today + timedelta(days=10),
    )
    services.bid_submit(
        place=bucks,
        actor=leader,
        bid=services.bid_create(
            place=bucks,
            actor=leader,
            programme=other_programme,
            applicant=charity,
            title="Hot meals (Vale)",
            summary="Daily hot meals.",
            amount_requested=Decimal("15000"),
            duration_months=12,
            share_summary=True,
            themes=[food],
        ),
    )
    sign_in(page, "funder@example.org", password)

    # Publish a programme through the form.
    page.goto(f"{live_server.url}/{bucks.slug}/funding/")
    page.get_by_role("button", name="Add a programme").click()
    axe_check(page)
    page.get_by_label("Title", exact=True).fill("Chiltern Core Fund")
    page.get_by_label("Description").fill("Unrestricted funding for three years.")
    page.get_by_label("Core or unrestricted").check()
    page.get_by_label("Smallest grant (£)").fill("5000")
    page.get_by_label("Largest grant (£)").fill("40000")
    page.get_by_label("Grant length in months").fill("36")
    fill_date(page, "Opens on", today)
    fill_date(page, "Deadline", today + timedelta(days=42))
    page.get_by_label("Food", exact=True).check()
    page.get_by_role("button", name="Publish programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chiltern Core Fund")
    axe_check(page)
    programme_url = page.url

    # The charity bids for the same purpose here too (made directly: the journey test covers it).
    bid = services.bid_create(
        place=bucks,
        actor=leader,
        programme=Programme.objects.get(title="Chiltern Core Fund"),
        applicant=charity,
        title="Hot meals (Chiltern)",
        summary="Daily hot meals.",
        amount_requested=Decimal("25000"),
        duration_months=36,
        share_summary=True,
        themes=[food],
    )
    services.bid_submit(place=bucks, actor=leader, bid=bid)

    # Coordination shows the overlap; the funder offers to co-fund the other funder's bid.
    page.goto(f"{live_server.url}/{bucks.slug}/funding/coordination/")
    expect(page.locator("#overlap-flags")).to_contain_text("Same purpose, two funders")
    axe_check(page)
    page.get_by_role("link", name="Offer to co-fund Hot meals (Vale)").click()
    axe_check(page)
    page.get_by_label("Amount you could offer (£)").fill("3000")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_role("main")).to_contain_text("Chiltern Community Foundation offers £3,000")

    # Review and award the bid made to its own programme.
    page.goto(programme_url)
    page.get_by_role("link", name="Hot meals (Chiltern)").click()
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator("#bid-state")).to_have_text("Under review")
    page.get_by_role("button", name="Award", exact=True).click()
    axe_check(page)
    fill_date(page, "Grant starts on", today)
    fill_date(page, "The money must be spent by", today + timedelta(days=1094))
    page.get_by_role("button", name="Award the grant").click()
    expect(page.locator("#bid-state")).to_have_text("Awarded")
    axe_check(page)

    # The public calendar and figures.
    page.goto(f"{live_server.url}/{bucks.slug}/funding/deadlines/")
    expect(page.get_by_role("main")).to_contain_text("Vale Food Fund")
    expect(page.get_by_role("main")).to_contain_text("Under 4 weeks to apply")
    axe_check(page)
    page.goto(f"{live_server.url}/{bucks.slug}/funding/figures/")
    expect(page.get_by_role("main")).to_contain_text("Hot meals (Chiltern)")
    # Chart.js draws every chart; each has its table of the same figures beside it.
    charts = page.locator("canvas[data-inplace-chart]")
    expect(charts).to_have_count(4)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-inplace-chart]')]"
        ".map(c => Boolean(window.Chart && window.Chart.getChart(c)))"
    )
    assert drawn == [True, True, True, True]
    expect(page.locator("#shares-table")).to_contain_text("Chiltern Community Foundation")
    expect(page.locator("#success-rates")).to_contain_text("100%")
    axe_check(page)
    page.get_by_role(
        "link", name="Chiltern Community Foundation: figures, programmes and grants"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chiltern Community Foundation")
    expect(page.locator("#grants")).to_contain_text("Hot meals (Chiltern)")
    expect(page.locator("#grants")).not_to_contain_text("Hot meals (Vale)")
    assert page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-inplace-chart]')]"
        ".every(c => Boolean(window.Chart.getChart(c)))"
    )
    axe_check(page)
