"""A place admin makes a partner API key, copies it once, sees it listed, and revokes it."""

import re

import pytest
from playwright.sync_api import expect

from coordination.api.keys import hash_key
from coordination.api.models import PartnerKey

pytestmark = pytest.mark.django_db(transaction=True)


def test_place_admin_makes_and_revokes_a_partner_key(
    page, live_server, axe_check, sign_in, bucks, admin_of, password
):
    admin_of(bucks, email="coordinator@example.org", name="Alex Coordinator")
    sign_in(page, "coordinator@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/")
    page.get_by_role("link", name="Manage partner API keys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner API keys")
    expect(page.get_by_text("There are no keys yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Make a key").click()
    axe_check(page)
    page.get_by_label("Name").fill("Council CRM")
    page.get_by_label("Change Organisations").check()
    page.get_by_label("Rate limit (optional)").fill("plenty")
    page.get_by_role("button", name="Make the key").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a number of requests")
    expect(page.get_by_label("Name")).to_have_value("Council CRM")
    axe_check(page)

    page.get_by_label("Rate limit (optional)").fill("600/min")
    page.get_by_role("button", name="Make the key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council CRM key made")
    key = page.get_by_label("The key").input_value()
    assert hash_key(key) == PartnerKey.objects.for_place(bucks).get().key_hash
    axe_check(page)

    page.get_by_role("link", name="Back to API keys").first.click()
    row = page.get_by_role("row").filter(has_text="Council CRM")
    expect(row).to_contain_text("Change Organisations")
    expect(row).to_contain_text("Never")
    expect(page.locator("body")).not_to_contain_text(key)
    axe_check(page)

    row.get_by_role("button", name=re.compile(r"^Revoke")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Council CRM is revoked: it no longer works."
    )
    expect(page.get_by_role("row").filter(has_text="Council CRM")).to_contain_text("Revoked")
    axe_check(page)
