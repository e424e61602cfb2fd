"""The coordination page at a county's scale in a browser: a page of each long list, GOV.UK
pagination between pages, axe and the 320 px reflow check on each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from coordination.vocabularies.models import Theme
from funding import services
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_funder_pages_through_the_shared_bids(
    page, live_server, axe_check, reflow_check, sign_in, bucks, make_member, password
):
    funder_org = OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    other_org = OrganisationFactory(name="Vale Trust", kind=OrganisationKind.FUNDER, places=[bucks])
    make_member(bucks, Role.FUNDER, organisation=funder_org, email="funder@example.org")
    other = make_member(bucks, Role.FUNDER, organisation=other_org)
    today = timezone.localdate(timezone=bucks.tz)
    food, _created = Theme.objects.get_or_create(slug="food", place=None, defaults={"name": "Food"})
    programme = services.programme_create(
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
        deadline=today + timedelta(days=40),
    )
    for n in range(27):
        charity = OrganisationFactory(name=f"Charity {n:02}", places=[bucks])
        leader = make_member(bucks, Role.CHARITY_LEADER, organisation=charity)
        services.bid_submit(
            place=bucks,
            actor=leader,
            bid=services.bid_create(
                place=bucks,
                actor=leader,
                programme=programme,
                applicant=charity,
                title=f"Pantry number {n:02}",
                summary="A community pantry open three days a week.",
                amount_requested=Decimal("5000"),
                duration_months=12,
                share_summary=True,
                themes=[food],
            ),
        )
    sign_in(page, "funder@example.org", password)

    page.goto(f"{live_server.url}/{bucks.slug}/funding/coordination/")
    expect(page.locator("#pipeline-total")).to_contain_text("27, asking for £135,000")
    shared = page.locator("#shared-bids")
    expect(shared).to_contain_text("1 to 25 of 27, newest first")
    expect(shared.locator("tbody tr")).to_have_count(25)
    expect(page.locator("#by-organisation tbody tr")).to_have_count(25)
    axe_check(page)
    reflow_check(page)

    shared.get_by_role("link", name="Next page").click()
    expect(page.locator("#shared-bids")).to_contain_text("26 to 27 of 27")
    expect(page.locator("#shared-bids tbody tr")).to_have_count(2)
    expect(page.locator("#shared-bids")).to_contain_text("Pantry number 00")
    # The other list keeps its own page.
    expect(page.locator("#by-organisation tbody tr")).to_have_count(25)
    axe_check(page)
    reflow_check(page)
    page.locator("#by-organisation").get_by_role("link", name="Next page").click()
    expect(page.locator("#by-organisation tbody tr")).to_have_count(2)
    expect(page.locator("#shared-bids tbody tr")).to_have_count(2)
