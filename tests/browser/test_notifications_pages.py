"""The notification pages in a real browser, each checked with axe-core (WCAG 2.2 AA)."""

import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.accounts.models import Role
from coordination.notifications.dispatch import preview_digest
from coordination.notifications.emails import unsubscribe_url
from coordination.notifications.models import (
    DigestFrequency,
    NotificationPreference,
    OutboxEmail,
    OutboxStatus,
)
from coordination.notifications.services import notify, outbox_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator(bucks, admin_of):
    return admin_of(bucks, email="coordinator@example.org", name="Alex Coordinator")


@pytest.fixture
def resident(bucks, make_member):
    person = make_member(bucks, Role.RESIDENT, email="rosa@example.org", name="Rosa Resident")
    notify(
        place=bucks,
        user=person,
        kind="test.news",
        title="The community fund opens on Friday",
        body="Applications close at the end of the month.",
        url="/buckinghamshire/",
    )
    return person


def test_a_person_reads_notifications_and_sets_preferences(
    page, live_server, axe_check, sign_in, bucks, resident, password
):
    notify(place=bucks, user=resident, kind="test.news", title="Board minutes are published")
    sign_in(page, "rosa@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your notifications")
    expect(page.locator(".govuk-tag", has_text="Unread")).to_have_count(2)
    axe_check(page)

    # With JavaScript, htmx swaps in the updated list.
    page.get_by_role("button", name=re.compile(r"^Mark as read\W+Board minutes")).click()
    expect(page.get_by_role("status")).to_have_text("Marked “Board minutes are published” as read.")
    expect(page.locator(".govuk-tag", has_text="Unread")).to_have_count(1)
    axe_check(page)
    page.get_by_role("button", name=re.compile("Mark 1 unread notification as read")).click()
    expect(page.locator(".govuk-tag", has_text="Unread")).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name="Choose which reminders and digests you get").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification preferences")
    expect(page.get_by_label("Every week, on Monday at 8am")).to_be_checked()
    axe_check(page)
    page.get_by_label("Every day at 8am").check()
    page.get_by_role(
        "group", name="Someone has not accepted an invitation after 7 days"
    ).get_by_label("Off", exact=True).check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your notification preferences are saved."
    )
    expect(page.get_by_label("Every day at 8am")).to_be_checked()
    axe_check(page)
    saved = NotificationPreference.objects.for_place(bucks).get(user=resident)
    assert saved.digest == DigestFrequency.DAILY
    assert saved.reminders_off == ["invitation_not_accepted"]


def test_unsubscribing_from_an_email_link_without_signing_in(
    page, live_server, axe_check, bucks, resident
):
    link = unsubscribe_url(place=bucks, user=resident).replace(
        "https://inplace.example", live_server.url
    )
    link = re.sub(r"^https?://[^/]+", live_server.url, link)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Unsubscribe from the Buckinghamshire digest"
    )
    axe_check(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    axe_check(page)
    assert NotificationPreference.objects.for_place(bucks).get(user=resident).digest == "off"

    tampered = link[:-3] + ("xyz" if not link.endswith("xyz") else "abc")
    response = page.goto(tampered)
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This unsubscribe link does not work")
    axe_check(page)

    page.goto(f"{live_server.url}/buckinghamshire/notifications/unsubscribe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    axe_check(page)


def test_a_place_admin_sees_the_outbox_retries_and_previews_a_digest(
    page, live_server, axe_check, reflow_check, sign_in, bucks, coordinator, resident, password
):
    for i, status in enumerate([OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.FAILED]):
        row = outbox_enqueue(
            place=bucks,
            key=f"browser:{i}",
            to_email=f"person{i}@example.org",
            kind="test.email",
            subject=f"Email number {i}",
            text_body="Hello",
            deliver=False,
        )
        OutboxEmail.objects.for_place(bucks).filter(pk=row.pk).update(
            status=status,
            attempts=6 if status == OutboxStatus.FAILED else 1,
            last_error="451 4.3.0 Mailbox busy" if status == OutboxStatus.FAILED else "",
        )
    sign_in(page, "coordinator@example.org", password)

    page.goto(f"{live_server.url}/buckinghamshire/notifications/outbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails from Buckinghamshire")
    expect(page.locator("td[data-status=sent]")).to_have_text("2")
    expect(page.locator("td[data-status=failed]")).to_have_text("1")
    axe_check(page)
    reflow_check(page)
    page.get_by_label("Status", exact=True).select_option(label="Failed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"\?status=failed$"))
    expect(page.get_by_text("451 4.3.0 Mailbox busy")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=re.compile(r"^Send again\W+Email number 2")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The email to person2@example.org will be sent again."
    )
    axe_check(page)

    page.get_by_role("link", name="Back to the outbox").count()  # not on this page
    page.goto(f"{live_server.url}/buckinghamshire/notifications/preview/")
    axe_check(page)
    page.get_by_label("Member").select_option(label="Rosa Resident")
    page.get_by_role("button", name="Show their digest").click()
    expect(page.get_by_role("heading", name="Digest for Rosa Resident")).to_be_visible()
    expect(page.locator("pre")).to_contain_text("The community fund opens on Friday")
    frame = page.frame_locator("iframe.inplace-email-preview")
    expect(frame.get_by_role("heading", level=1)).to_have_text("What's new in Buckinghamshire")
    axe_check(page)


def test_the_digest_email_itself_passes_axe(page, axe_check, bucks, resident):
    email, _since, _until = preview_digest(bucks, resident, now=timezone.now())
    page.set_content(email.html)
    axe_check(page)
    assert urlencode({"t": ""}) in email.html or "unsubscribe/?t=" in email.html
