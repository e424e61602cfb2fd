"""A place admin adds a webhook, reads its delivery log, pauses and deletes it."""

import pytest
from playwright.sync_api import expect

from coordination.organisations.services import organisation_create
from coordination.webhooks import delivery
from coordination.webhooks.models import WebhookSubscription
from tests.support.webhooks import Receiver

pytestmark = pytest.mark.django_db(transaction=True)


def test_place_admin_manages_a_webhook(
    page, live_server, axe_check, sign_in, bucks, admin_of, password
):
    admin = admin_of(bucks, email="coordinator@example.org", name="Alex Coordinator")
    sign_in(page, "coordinator@example.org", password)
    page.goto(f"{live_server.url}/buckinghamshire/")
    page.get_by_role("link", name="Manage webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    axe_check(page)

    with Receiver() as receiver:
        page.get_by_role("button", name="Add a webhook").click()
        page.get_by_label("Name").fill("Council CRM")
        page.get_by_role("button", name="Add the webhook").click()
        expect(page.locator(".govuk-error-summary")).to_be_focused()
        axe_check(page)
        page.get_by_label("Address to send to").fill(receiver.url)
        page.get_by_label("An organisation was added to the place").check()
        page.get_by_role("button", name="Add the webhook").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Council CRM webhook added")
        secret = page.get_by_label("Signing secret").input_value()
        assert secret == WebhookSubscription.objects.for_place(bucks).get().secret
        axe_check(page)

        organisation_create(place=bucks, actor=admin, name="Chiltern Foodbank", kind="cio")
        delivery.deliver_webhooks()
        assert len(receiver.received) == 1

    page.get_by_role("link", name="See the webhook").click()
    expect(page.get_by_role("table")).to_contain_text("organisations.organisation.create")
    expect(page.get_by_role("table")).to_contain_text("Delivered")
    axe_check(page)
    page.get_by_role("button", name="Pause").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Council CRM is paused."
    )
    axe_check(page)
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("There are no webhooks yet.")).to_be_visible()
