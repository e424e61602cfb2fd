"""Applying once: a charity leader keeps the organisation's accounts once, finds a programme that
says what it asks, starts a bid whose document is filled in from the kept one, answers the
questions (the word limit is held), adds the one document still missing from the bid's page, and
submits. axe-core checks every page, and the new pages at 320 px too."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.organisations.models import OrganisationKind
from funding import services
from tests.support.factories import OrganisationFactory
from tests.support.funding import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_charity_keeps_a_document_once_and_a_bid_reuses_it(
    page, live_server, axe_check, reflow_check, sign_in, bucks, make_member, password
):
    funder_org = OrganisationFactory(
        name="Chiltern Community Foundation", kind=OrganisationKind.FUNDER, places=[bucks]
    )
    charity = OrganisationFactory(name="Wycombe Food Hub", places=[bucks], org_id="GB-CHC-1234567")
    funder = make_member(bucks, Role.FUNDER, organisation=funder_org, email="funder@example.org")
    make_member(
        bucks, Role.CHARITY_LEADER, organisation=charity, email="leader@example.org", name="Lee"
    )
    today = timezone.localdate(timezone=bucks.tz)
    programme = services.programme_create(
        place=bucks,
        actor=funder,
        funder=funder_org,
        title="Light Touch Fund",
        description="Small grants that ask little.",
        funding_type="core",
        amount_min=Decimal("1000"),
        amount_max=Decimal("10000"),
        grant_length_months=12,
        opens_on=today - timedelta(days=10),
        deadline=today + timedelta(days=40),
    )
    services.question_add(
        place=bucks,
        actor=funder,
        programme=programme,
        text="What difference will it make?",
        word_limit=10,
    )
    for kind in ("latest_accounts", "safeguarding_policy"):
        services.requirement_add(place=bucks, actor=funder, programme=programme, kind=kind)
    base = f"{live_server.url}/{bucks.slug}"

    sign_in(page, "leader@example.org", password)
    # The organisation's documents, kept once.
    page.goto(f"{base}/organisations/{charity.pk}/")
    page.get_by_role("link", name="Your organisation’s documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents kept for every bid")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("button", name="Add a document").click()
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Kind of document").select_option(label="Latest accounts")
    page.get_by_label("Title").fill("Accounts to March 2026")
    page.get_by_label("File").set_input_files(
        {"name": "accounts.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Keep this document").click()
    expect(page.locator("#current-documents")).to_contain_text("Accounts to March 2026")
    axe_check(page)

    # The programme says what it asks before the charity starts.
    page.goto(f"{base}/funding/")
    expect(page.get_by_role("row", name="Light Touch Fund")).to_contain_text(
        "1 question, 2 documents"
    )
    page.get_by_role("link", name="Light Touch Fund").click()
    expect(page.locator("#burden")).to_have_text("1 question, 2 documents")
    axe_check(page)
    page.get_by_role("button", name="Start a bid").click()
    page.get_by_label("Title", exact=True).fill("Hot meals")
    page.get_by_label("Summary", exact=True).fill("Daily hot meals for families.")
    page.get_by_label("Amount requested (£)").fill("5000")
    page.get_by_label("Duration in months").fill("12")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#bid-state")).to_have_text("Draft")
    # The profile facts come from the organisation; the accounts are filled in already.
    expect(page.locator("#organisation-facts + p + dl")).to_contain_text("GB-CHC-1234567")
    documents = page.locator("#bid-documents")
    expect(documents.get_by_role("row", name="Latest accounts")).to_contain_text(
        "Accounts to March 2026"
    )
    expect(documents.get_by_role("row", name="Safeguarding policy")).to_contain_text("Missing")
    axe_check(page)
    reflow_check(page)
    bid_url = page.url

    # Submitting refuses what is missing, one message each.
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.locator("body")).to_contain_text("Answer “What difference will it make?”")
    expect(page.locator("body")).to_contain_text("Add your organisation’s safeguarding policy")
    axe_check(page)

    # The answer keeps to its word limit.
    page.get_by_role("button", name="Answer the questions").click()
    axe_check(page)
    reflow_check(page)
    answer = page.get_by_label("What difference will it make?")
    answer.fill("one two three four five six seven eight nine ten eleven")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("alert")).to_contain_text("this answer has 11")
    axe_check(page)
    page.get_by_label("What difference will it make?").fill("Families eat well every day.")
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator("#answers + dl")).to_contain_text("Families eat well every day.")

    # Only the missing document is asked for, and kept for next time.
    documents.get_by_role("link", name="Add your safeguarding policy").click()
    expect(page.get_by_label("Kind of document")).to_have_value("safeguarding_policy")
    page.get_by_label("Title").fill("Safeguarding policy 2026")
    page.get_by_label("File").set_input_files(
        {"name": "safeguarding.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Keep this document").click()
    expect(page).to_have_url(bid_url)
    expect(documents.get_by_role("row", name="Safeguarding policy")).to_contain_text(
        "Safeguarding policy 2026"
    )
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.locator("#bid-state")).to_have_text("Submitted")
    expect(page.locator("#bid-documents")).to_contain_text("Sent with the bid")
    axe_check(page)
    reflow_check(page)
