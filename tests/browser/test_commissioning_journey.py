"""A tender from first draft to award: an officer creates it and opens co-design, a charity
comments, the officer answers and opens the tender, invitations go out, the charity bids, and the
award is published for anyone to read. axe-core finds no WCAG 2.2 AA violation on any page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import Tender, TenderInvitation
from coordination.accounts.models import Role
from coordination.notifications.models import OutboxEmail
from coordination.vocabularies.models import Theme
from mapping import services as mapping_services
from tests.support.commissioning import locally_embedded
from tests.support.dates import fill_date
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()


def test_a_tender_from_co_design_to_award(
    page, live_server, axe_check, screenshot, sign_in, bucks, make_member, password
):
    council = OrganisationFactory(name="Buckinghamshire Council", kind="council", places=[bucks])
    charity = OrganisationFactory(name="Chiltern Food Network", places=[bucks])
    locally_embedded(charity, bucks)
    make_member(
        bucks, Role.COUNCIL_OFFICER, organisation=council, email="officer@example.org", name="Olu"
    )
    make_member(
        bucks, Role.CHARITY_LEADER, organisation=charity, email="leader@example.org", name="Cara"
    )
    # A live-server test starts from flushed tables: the shared themes may need putting back.
    food, _created = Theme.objects.get_or_create(slug="food", place=None, defaults={"name": "Food"})
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=charity,
        name="Chiltern pantry",
        themes=[food],
        whole_place=True,
    )
    now = timezone.localtime(timezone.now(), bucks.tz)
    base = f"{live_server.url}/buckinghamshire/commissioning/"

    # The officer adds a tender in the pipeline.
    sign_in(page, "officer@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/")
    page.get_by_role("navigation", name="Buckinghamshire menu").get_by_role(
        "link", name="Tenders"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tenders in Buckinghamshire")
    axe_check(page)
    page.get_by_role("button", name="Add a tender").click()
    axe_check(page)
    page.get_by_label("Commissioning council").select_option(label="Buckinghamshire Council")
    page.get_by_label("Title").fill("Community food support")
    page.get_by_label("Reference").fill("BC-2026-042")
    page.get_by_label("Description").fill("Pantries and cooking clubs across the county.")
    page.get_by_label("Estimated value in pounds").fill("250000")
    page.get_by_label("Contract length in months").fill("36")
    page.get_by_role("radio", name="Open", exact=True).check()
    page.get_by_role("checkbox", name="Food").check()
    fill_date(page, "Co-design opens", now - timedelta(hours=1))
    fill_date(page, "Co-design closes", now + timedelta(days=14))
    fill_date(page, "Bids close", now + timedelta(days=40))
    page.get_by_role("button", name="Add tender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community food support")
    expect(page.locator("#tender-stage")).to_have_text("Pipeline")
    axe_check(page)

    # A lot, corrected from the tender page before anything opens.
    page.get_by_role("link", name="Add a lot").click()
    page.get_by_label("Title").fill("North")
    page.get_by_role("button", name="Add lot").click()
    page.get_by_role("link", name="Change the lot North").click()
    axe_check(page)
    page.get_by_label("Title").fill("North and Aylesbury Vale")
    page.get_by_label("Estimated value in pounds").fill("-5")
    page.get_by_role("button", name="Save lot").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Estimated value in pounds").fill("120000")
    page.get_by_role("button", name="Save lot").click()
    expect(page.locator("#lots")).to_contain_text("North and Aylesbury Vale (£120,000.00)")

    # A specification section, then co-design opens.
    page.get_by_role("link", name="Add a specification section").click()
    page.get_by_label("Heading").fill("Outcomes")
    page.get_by_label("Text").fill("People who need food get it with dignity.")
    page.get_by_role("button", name="Add section").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-design")
    axe_check(page)
    page.get_by_role("link", name="Back to the tender").click()
    page.get_by_role("link", name="Change stage").click()
    axe_check(page)
    page.get_by_role("radio", name="Co-design", exact=True).check()
    page.get_by_label("Why").fill("We want local groups to shape the specification.")
    page.get_by_role("button", name="Change stage").click()
    expect(page.locator("#tender-stage")).to_have_text("Co-design")
    sign_out(page)

    # The charity joins the co-design group and comments.
    sign_in(page, "leader@example.org", password)
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    page.get_by_role("link", name="Join the co-design group").click()
    axe_check(page)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-design")
    page.get_by_role("link", name="Comment on “Outcomes”").click()
    page.get_by_label("Your comment").fill("Please add money advice at the pantries.")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("main")).to_contain_text("Please add money advice at the pantries.")
    expect(page.get_by_role("main")).to_contain_text("Your organisation")
    axe_check(page)
    sign_out(page)

    # The officer answers, writes "you said, we did" and opens the tender.
    sign_in(page, "officer@example.org", password)
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    page.get_by_role("link", name="The specification, comments and answers, and sessions").click()
    expect(page.get_by_role("main")).to_contain_text("Chiltern Food Network")
    page.get_by_role("link", name=re.compile("^Answer this comment")).click()
    axe_check(page)
    page.get_by_role("radio", name="Accepted", exact=True).check()
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("main")).to_contain_text("Accepted")
    # The section gets a second version; what changed is shown line by line.
    page.get_by_role("link", name="Revise “Outcomes”").click()
    page.get_by_label("Text").fill(
        "People who need food get it with dignity.\nMoney advice at every pantry."
    )
    page.get_by_label("What changed and why").fill("Money advice, from co-design")
    page.get_by_role("button", name="Save new version").click()
    page.get_by_role("link", name="What changed in “Outcomes”").click()
    expect(page.locator("ins")).to_contain_text("Money advice at every pantry.")
    axe_check(page)
    page.get_by_role("link", name="Back to co-design").click()
    # A workshop, and who came.
    page.get_by_role("button", name="Record a session").click()
    page.get_by_label("Title").fill("Pantry workshop")
    fill_date(page, "Held on", now - timedelta(minutes=30))
    page.get_by_role("checkbox", name="Chiltern Food Network").check()
    page.get_by_role("button", name="Record session").click()
    expect(page.get_by_role("main")).to_contain_text("Pantry workshop")
    axe_check(page)
    page.get_by_role("link", name="Back to the tender").click()
    page.get_by_role("link", name="Change details and dates").click()
    page.get_by_label("You said, we did").fill("You said money advice; we added it.")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("link", name="Change stage").click()
    page.get_by_role("radio", name="Open for bids").check()
    page.get_by_label("Why").fill("Co-design is done; open to every organisation.")
    page.get_by_role("button", name="Change stage").click()
    expect(page.locator("#tender-stage")).to_have_text("Open for bids")
    axe_check(page)

    # Invitations: mapping suggests the charity; it is told by email and in the app.
    page.get_by_role("link", name="Invite organisations").click()
    expect(page.locator("#suggestions")).to_contain_text("Chiltern Food Network")
    axe_check(page)
    page.get_by_role("checkbox", name="Chiltern Food Network").check()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 invitation sent")
    assert OutboxEmail.objects.for_place(bucks).filter(to_email="leader@example.org").exists()

    # Once open, the terms change only by a published amendment, shown on the public timeline.
    page.get_by_role("link", name="Back", exact=True).click()
    page.get_by_role("link", name="Publish an amendment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish an amendment")
    axe_check(page)
    page.get_by_label("Why the tender is being amended").fill("Clearer about money advice.")
    page.locator("textarea[name=description]").fill("Food pantries, cooking and money advice.")
    page.get_by_role("button", name="Publish the amendment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Amendment 1")
    expect(page.get_by_role("main")).to_contain_text("Amendment 1 published")
    axe_check(page)
    sign_out(page)

    # The charity sees the invitation (looking records nothing), says so with the keyboard, and
    # bids before the deadline.
    sign_in(page, "leader@example.org", password)
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    expect(page.get_by_role("main")).to_contain_text("You said money advice; we added it.")
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is None
    seen = page.get_by_role("button", name="I have seen this invitation")
    page.get_by_role("link", name="Back to tenders").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if seen.evaluate("button => button === document.activeElement"):
            break
    expect(seen).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "has seen the invitation"
    )
    expect(page.locator("#invitation")).to_contain_text("You told the commissioner you had seen it")
    axe_check(page)
    assert TenderInvitation.objects.for_place(bucks).get().viewed_at is not None
    page.get_by_role("link", name="Submit a bid").click()
    axe_check(page)
    page.get_by_label("How you would deliver the contract").fill("Twelve pantries, two cafés.")
    page.get_by_label("Price in pounds").fill("245000")
    page.get_by_role("button", name="Submit bid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bid led by Chiltern Food Network")
    expect(page.locator("#bid-status")).to_have_text("Submitted")
    axe_check(page)
    sign_out(page)

    # Time passes: bids have closed.
    Tender.objects.for_place(bucks).update(submission_deadline=timezone.now() - timedelta(hours=1))

    # The officer moves to evaluation and publishes the award with its rationale.
    sign_in(page, "officer@example.org", password)
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    page.get_by_role("link", name="Change stage").click()
    page.get_by_role("radio", name="Evaluation").check()
    page.get_by_label("Why").fill("Bids closed.")
    page.get_by_role("button", name="Change stage").click()
    page.get_by_role("link", name="Award the contract").click()
    axe_check(page)
    page.get_by_role("radio", name=re.compile("^Chiltern Food Network")).check()
    page.get_by_label("Contract value in pounds").fill("245000")
    page.get_by_label("Why this bid").fill("Best local reach and a strong co-design record.")
    page.get_by_role("button", name="Publish the award").click()
    expect(page.locator("#tender-stage")).to_have_text("Awarded")
    sign_out(page)

    # Anyone, signed in or not, reads the award, its rationale and the timeline.
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Awarded to Chiltern Food Network")
    expect(main).to_contain_text("Best local reach and a strong co-design record.")
    expect(main).to_contain_text("We want local groups to shape the specification.")
    axe_check(page)
    screenshot(page, "tender-awarded")
    page.goto(base + "figures/")
    expect(page.locator("#commissioner-figures")).to_contain_text("Buckinghamshire Council")
    axe_check(page)
    page.goto(base)
    page.get_by_role("link", name="Community food support").click()
    page.get_by_role("link", name="The specification, comments and answers, and sessions").click()
    expect(page.get_by_role("main")).to_contain_text("Participant 1")
    expect(page.get_by_role("main")).not_to_contain_text("Chiltern Food Network")
    expect(page.locator("#you-said-we-did-table")).to_contain_text(
        "Please add money advice at the pantries."
    )
    axe_check(page)
    # The open data: a valid OCDS package (checked in tests/commissioning/test_ocds.py).
    response = page.request.get(base + "ocds.json")
    assert response.status == 200
    assert [r["tag"] for r in response.json()["releases"]][-1] == ["award"]
