"""A place admin invites someone: mistakes are explained on the form, then the invitation goes."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_place_admin_invites_a_council_officer(
    page, live_server, axe_check, screenshot, sign_in, bucks, admin_of, password
):
    admin_of(bucks, email="coordinator@example.org", name="Alex Coordinator")
    OrganisationFactory(name="Buckinghamshire Council", kind="council", places=[bucks])
    sign_in(page, "coordinator@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/")
    axe_check(page)
    page.get_by_role("navigation", name="Buckinghamshire menu").get_by_role(
        "link", name="Members"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of Buckinghamshire")
    axe_check(page)
    page.get_by_role("button", name="Invite someone").click()
    expect(page).to_have_url(re.compile(r"/buckinghamshire/members/invite/$"))
    axe_check(page)

    # Not an email address: the error summary and the field say so, and keep what was typed.
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("Role").select_option(label="Council officer")
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(
        summary.get_by_role(
            "link", name="Enter an email address in the correct format, like name@example.com"
        )
    ).to_be_visible()
    expect(page.locator("#id_email_error")).to_contain_text(
        "Enter an email address in the correct format, like name@example.com"
    )
    expect(page.get_by_label("Email address")).to_have_value("not-an-email")
    expect(page.get_by_label("Role")).to_have_value("council_officer")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    screenshot(page, "invitation-form-errors")
    summary.get_by_role(
        "link", name="Enter an email address in the correct format, like name@example.com"
    ).click()
    expect(page.get_by_label("Email address")).to_be_focused()

    # A real address but no organisation, which a council officer needs.
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(
        summary.get_by_role("link", name="Choose the organisation this person represents.")
    ).to_be_visible()
    expect(page.locator("#id_organisation_error")).to_contain_text(
        "Choose the organisation this person represents."
    )
    expect(page.get_by_label("Email address")).to_have_value("officer@example.org")
    axe_check(page)

    # Put right, the invitation is sent and waits in the table.
    page.get_by_label("Organisation they represent").select_option(
        label="Buckinghamshire Council (Council)"
    )
    page.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_url(re.compile(r"/buckinghamshire/members/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Invitation sent to officer@example.org.")
    pending = page.get_by_role("table", name="Invitations waiting to be accepted")
    row = pending.get_by_role("row").filter(has_text="officer@example.org")
    expect(row).to_contain_text("Council officer")
    expect(row).to_contain_text("Buckinghamshire Council")
    expect(row.get_by_role("button", name="Withdraw")).to_be_visible()
    axe_check(page)
    screenshot(page, "members-after-invitation")

    (email,) = mail.outbox
    assert email.to == ["officer@example.org"]
    html, _type = email.alternatives[0]
    assert "#005a5b" in html and "Buckinghamshire Council" in email.body


def test_place_admin_finds_a_member_by_name_and_pages_through_them(
    page, live_server, axe_check, reflow_check, screenshot, sign_in, bucks, admin_of, password
):
    from coordination.accounts.models import Membership, Role, User

    admin_of(bucks, email="coordinator@example.org", name="Alex Coordinator")
    users = User.objects.bulk_create(
        User(name=f"Resident {i:02}", email=f"resident{i:02}@homes.example") for i in range(55)
    )
    Membership.objects.bulk_create(
        Membership(place=bucks, user=user, role=Role.RESIDENT) for user in users
    )
    sign_in(page, "coordinator@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/members/")
    caption = page.locator("caption")
    expect(caption).to_contain_text("56 memberships")
    expect(caption).to_contain_text("1 to 50, by name")
    axe_check(page)
    screenshot(page, "members-page-one")
    page.get_by_role("navigation", name="Pages of members").get_by_role("link", name="Next").click()
    expect(caption).to_contain_text("51 to 56, by name")
    expect(page.get_by_text("resident54@homes.example")).to_be_visible()

    # The search, by keyboard: part of a name, then Enter.
    search = page.get_by_label("Name or email address contains")
    search.focus()
    page.keyboard.type("Resident 3")
    page.keyboard.press("Enter")
    expect(caption).to_contain_text("10 memberships")
    expect(page.get_by_text("resident39@homes.example")).to_be_visible()
    expect(page.get_by_text("resident40@homes.example")).to_have_count(0)
    axe_check(page)
    reflow_check(page)
    page.set_viewport_size({"width": 320, "height": 900})
    screenshot(page, "members-search-320")

    page.get_by_label("Name or email address contains").fill("nobody at all")
    page.get_by_role("button", name="Filter").click()
    expect(
        page.get_by_text("No member’s name or email address contains “nobody at all”.")
    ).to_be_visible()
    page.get_by_role("link", name="Clear filters").click()
    expect(caption).to_contain_text("56 memberships")
