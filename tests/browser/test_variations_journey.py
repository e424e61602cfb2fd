"""A grantee asks its funder for more time on a grant; the funder finds the request in My work,
refuses it once without a reason (a clear message), then approves it; the grant's dates change on
its page. axe-core checks every page, and each new page at 320 px wide."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from funding import services
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()


def test_a_grantee_asks_for_more_time_and_the_funder_approves(
    page, live_server, axe_check, reflow_check, sign_in, screenshot, bucks, make_member, password
):
    funder_org = OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    charity = OrganisationFactory(name="Wycombe Food Hub", places=[bucks])
    funder = make_member(
        bucks, Role.FUNDER, organisation=funder_org, email="funder@example.org", name="Fran Funder"
    )
    leader = make_member(
        bucks,
        Role.CHARITY_LEADER,
        organisation=charity,
        email="leader@example.org",
        name="Lee Leader",
    )
    today = timezone.localdate(timezone=bucks.tz)
    programme = services.programme_create(
        place=bucks,
        actor=funder,
        funder=funder_org,
        title="Core Strength Fund",
        description="Three years of unrestricted funding.",
        funding_type="core",
        amount_min=Decimal("5000"),
        amount_max=Decimal("50000"),
        grant_length_months=12,
        opens_on=today - timedelta(days=30),
        deadline=today + timedelta(days=30),
    )
    bid = services.bid_create(
        place=bucks,
        actor=leader,
        programme=programme,
        applicant=charity,
        title="Hot meals for Castlefield",
        summary="Daily hot meals for families.",
        amount_requested=Decimal("20000"),
        duration_months=12,
    )
    services.bid_submit(place=bucks, actor=leader, bid=bid)
    start = today.replace(day=1)
    services.bid_award(
        place=bucks, actor=funder, bid=bid, amount=Decimal("20000"), start=start, months=12
    )
    new_end = date(start.year + 1, start.month, 1) + timedelta(days=180)
    bid_url = f"{live_server.url}/{bucks.slug}/funding/bids/{bid.pk}/"

    # The grantee asks for six more months.
    sign_in(page, "leader@example.org", password)
    page.goto(bid_url)
    expect(page.get_by_role("heading", name="Variations")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Request a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a change to the grant")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_be_visible()  # nothing chosen: the error summary
    axe_check(page)
    page.get_by_label("Change of period").check()
    ends = page.get_by_role("group", name="For a change of period: the new end date")
    ends.get_by_label("Day").fill(str(new_end.day))
    ends.get_by_label("Month").fill(str(new_end.month))
    ends.get_by_label("Year").fill(str(new_end.year))
    page.get_by_label("Why is the change needed?").fill("Our kitchen opens six months late.")
    page.get_by_role("button", name="Send the request").click()
    card = page.locator(".govuk-summary-card", has_text="Change of period")
    expect(card.locator("[data-variation-state]")).to_have_text("Requested")
    expect(page.get_by_role("button", name="Withdraw the request")).to_be_visible()
    axe_check(page)
    reflow_check(page)
    sign_out(page)

    # The funder finds it in My work and decides.
    sign_in(page, "funder@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/my-work/")
    expect(page.get_by_role("heading", name="Variations to decide")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Hot meals for Castlefield").first.click()
    page.get_by_role("button", name="Approve or refuse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide: Change of period")
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Refuse the change").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the change is refused")
    axe_check(page)
    page.get_by_label("Approve the change").check()
    page.get_by_label("Your reason").fill("Agreed: the same work, later.")
    page.get_by_role("button", name="Save the decision").click()
    expect(card.locator("[data-variation-state]")).to_have_text("Approved")
    end_text = f"{new_end.day} {new_end.strftime('%B %Y')}"
    expect(page.locator(".govuk-summary-list__row", has_text="Grant dates")).to_contain_text(
        end_text
    )
    axe_check(page)
    reflow_check(page)
    screenshot(page, "funding-variation-approved")
    sign_out(page)

    # The grantee sees the new dates on the grant.
    sign_in(page, "leader@example.org", password)
    page.goto(bid_url)
    expect(card).to_contain_text("Agreed: the same work, later.")
    expect(page.locator(".govuk-summary-list__row", has_text="Grant dates")).to_contain_text(
        end_text
    )
    expect(page.get_by_role("button", name="Request a change")).to_be_visible()
