"""A charity leader submits a bid; the funder declines it with feedback kept as a draft, changes
the draft (which the charity cannot see) and releases it; the charity reads it and says it helped;
the public figures change. axe-core checks every page on the way."""

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
from tests.support.funding import PDF, PNG

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    ).to_be_visible()


def test_a_bid_is_declined_with_feedback_the_charity_reads_it_and_the_figures_change(
    page, live_server, axe_check, sign_in, screenshot, bucks, make_member, password
):
    funder_org = OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    charity = OrganisationFactory(name="Wycombe Food Hub", places=[bucks])
    funder = make_member(
        bucks, Role.FUNDER, organisation=funder_org, email="funder@example.org", name="Fran Funder"
    )
    make_member(
        bucks,
        Role.CHARITY_LEADER,
        organisation=charity,
        email="leader@example.org",
        name="Lee Leader",
    )
    # A live-server test's flush empties the tables the migrations filled: put the theme back.
    Theme.objects.get_or_create(slug="food", place=None, defaults={"name": "Food"})
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
        grant_length_months=36,
        opens_on=today - timedelta(days=30),
        deadline=today + timedelta(days=30),
        feedback_commitment_days=21,
    )
    figures_url = f"{live_server.url}/{bucks.slug}/funding/figures/"

    # The public figures before: no decline yet, so no feedback rate.
    page.goto(figures_url)
    feedback_row = page.locator(
        "#place-figures .govuk-summary-list__row", has_text="Declined bids given feedback"
    )
    expect(feedback_row).to_contain_text("no data yet")
    axe_check(page)

    # The charity leader finds the programme and drafts a bid.
    sign_in(page, "leader@example.org", password)
    page.goto(f"{live_server.url}/{bucks.slug}/")
    page.get_by_role("navigation", name="Buckinghamshire menu").get_by_role(
        "link", name="Funding"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding in Buckinghamshire")
    axe_check(page)
    page.get_by_role("link", name="Core Strength Fund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Core Strength Fund")
    axe_check(page)
    page.get_by_role("button", name="Start a bid").click()
    axe_check(page)
    page.get_by_label("Title", exact=True).fill("Hot meals for Castlefield")
    page.get_by_label("Summary", exact=True).fill("Daily hot meals for families.")
    page.get_by_label("Amount requested (£)").fill("80000")
    page.get_by_label("Duration in months").fill("24")
    page.get_by_label("Food", exact=True).check()
    page.get_by_role("button", name="Save draft").click()
    # Outside the programme's range: a clear message on the field, and nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("between £5,000 and £50,000")
    axe_check(page)
    page.get_by_label("Amount requested (£)").fill("20000")
    # A program dressed as a PDF is refused by its content, on the field.
    page.get_by_label("Attachments").set_input_files(
        [{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\x90" * 64}]
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("budget.pdf: Bid attachments must be")
    axe_check(page)
    # Two real documents at once.
    page.get_by_label("Attachments").set_input_files(
        [
            {"name": "budget.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "photo.png", "mimeType": "image/png", "buffer": PNG},
        ]
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#bid-state")).to_have_text("Draft")
    expect(page.locator("#attachments")).to_contain_text("budget.pdf")
    expect(page.locator("#attachments")).to_contain_text("photo.png")
    axe_check(page)
    page.get_by_role("button", name="Remove photo.png").click()
    expect(page.locator("#attachments")).not_to_contain_text("photo.png")
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.locator("#bid-state")).to_have_text("Submitted")
    axe_check(page)
    bid_url = page.url
    sign_out(page)

    # The funder declines it, and cannot without the structured feedback.
    sign_in(page, "funder@example.org", password)
    page.goto(bid_url)
    axe_check(page)
    # The funder reads the attachment through the page (never a public media address).
    with page.expect_download() as download:
        page.get_by_role("link", name="budget.pdf").click()
    assert download.value.suggested_filename == "budget.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    page.get_by_role("button", name="Decline with feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline with feedback")
    axe_check(page)
    page.get_by_role("button", name="Decline the bid").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page)
    page.get_by_label("The budget").check()
    page.get_by_label("Evidence of need").check()
    page.get_by_label("Strengths of the bid").fill("A clear plan with strong local links.")
    page.get_by_label("What would strengthen a future bid").fill("Show last year's demand.")
    expect(page.get_by_label("Release the feedback to the applicant now")).to_be_checked()
    # Kept as a draft first: the funder changes it, and only then releases it.
    page.get_by_label("Release the feedback to the applicant now").uncheck()
    page.get_by_role("button", name="Decline the bid").click()
    expect(page.locator("#bid-state")).to_have_text("Declined")
    expect(page.locator("#feedback-draft")).to_contain_text("A draft: not released")
    axe_check(page)
    page.get_by_role("button", name="Change the draft feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the draft feedback")
    axe_check(page)
    page.get_by_label("Strengths of the bid").fill("")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page)
    page.get_by_label("Strengths of the bid").fill("A clear plan with strong local links.")
    page.get_by_label("Anything else").fill("Draft note for the panel only.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("main")).to_contain_text("Your draft feedback is saved.")
    sign_out(page)
    sign_in(page, "leader@example.org", password)
    page.goto(bid_url)
    expect(page.get_by_role("main")).to_contain_text("The funder has promised feedback by")
    expect(page.get_by_role("main")).not_to_contain_text("Draft note for the panel only.")
    sign_out(page)
    sign_in(page, "funder@example.org", password)
    page.goto(bid_url)
    page.get_by_role("button", name="Release the feedback to the applicant").click()
    expect(page.get_by_role("button", name="Change the draft feedback")).to_have_count(0)
    axe_check(page)
    screenshot(page, "funding-bid-declined-funder")
    sign_out(page)

    # The charity reads the feedback and says it helped.
    sign_in(page, "leader@example.org", password)
    page.goto(bid_url)
    expect(page.get_by_role("main")).to_contain_text("A clear plan with strong local links.")
    expect(page.get_by_role("main")).to_contain_text("The budget")
    axe_check(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("main")).to_contain_text("Thank you: the funder will see your answer.")
    axe_check(page)
    sign_out(page)

    # The public figures after: every decline had feedback, on the day it was declined.
    page.goto(figures_url)
    expect(feedback_row).to_contain_text("100%")
    expect(
        page.locator("#place-figures .govuk-summary-list__row", has_text="Median days to feedback")
    ).to_contain_text("0 days")
    expect(page.get_by_role("main")).not_to_contain_text("Hot meals for Castlefield")
    axe_check(page)
    assert programme.pk
