"""Notification pages: a person's list and preferences, unsubscribe by signed link, admin pages."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_scopes import scopes_disabled

from coordination.accounts.digest import INVITATION_KIND
from coordination.accounts.models import Membership, Role, User
from coordination.notifications.context_processors import Bell
from coordination.notifications.digest import BOUNCE_KIND
from coordination.notifications.emails import unsubscribe_token, unsubscribe_url
from coordination.notifications.models import (
    DIGEST_KIND,
    DigestFrequency,
    Notification,
    NotificationPreference,
    OutboxEmail,
    OutboxStatus,
)
from coordination.notifications.services import notify, outbox_enqueue

pytestmark = pytest.mark.django_db


def url(place, name, **kwargs):
    return reverse(f"places:notifications:{name}", kwargs={"place_slug": place.slug, **kwargs})


def preference(place, user):
    return NotificationPreference.objects.for_place(place).filter(user=user).first()


@pytest.fixture
def person(bucks, make_member):
    return make_member(bucks, Role.RESIDENT, email="rosa@example.org", name="Rosa Resident")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


# The list, the bell, mark read


def test_the_list_shows_my_notifications_in_this_place_only(
    bucks, coventry, person, signed_in, make_member
):
    notify(place=bucks, user=person, kind="t", title="Mine in Bucks", url="/buckinghamshire/")
    notify(place=coventry, user=person, kind="t", title="Mine in Coventry")
    notify(place=bucks, user=make_member(bucks, Role.RESIDENT), kind="t", title="Someone else's")

    response = signed_in.get(url(bucks, "list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mine in Bucks" in body and "Unread" in body
    assert "Mine in Coventry" not in body and "Someone else" not in body


def test_the_list_needs_signing_in(client, bucks):
    response = client.get(url(bucks, "list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_bell_shows_the_unread_count(rf, bucks, person):
    notify(place=bucks, user=person, kind="t", title="One")
    notify(place=bucks, user=person, kind="t", title="Two")
    html = render_to_string("notifications/_bell.html", {"notification_bell": Bell(bucks, person)})
    assert "Notifications (2 unread)" in html
    assert 'href="/buckinghamshire/notifications/"' in html

    request = rf.get("/buckinghamshire/")
    request.place, request.user = bucks, person
    from coordination.notifications.context_processors import notifications

    assert notifications(request)["notification_bell"].unread_count == 2
    request.place = None
    assert notifications(request) == {}


def test_mark_one_read_then_all(bucks, person, signed_in):
    first = notify(place=bucks, user=person, kind="t", title="First")
    notify(place=bucks, user=person, kind="t", title="Second")

    response = signed_in.post(url(bucks, "read", pk=first.pk))

    assert response.status_code == 302 and response["Location"] == url(bucks, "list")
    unread = Notification.objects.for_place(bucks).filter(user=person, read_at__isnull=True)
    assert [n.title for n in unread] == ["Second"]
    signed_in.post(url(bucks, "read_all"))
    assert not unread.all().exists()


def test_mark_read_with_htmx_returns_the_updated_list(bucks, person, signed_in):
    note = notify(place=bucks, user=person, kind="t", title="Fresh news")

    response = signed_in.post(url(bucks, "read", pk=note.pk), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="notification-list">') and "<html" not in body
    assert "Marked “Fresh news” as read." in body
    assert "Fresh news" in body and "Unread" not in body


def test_someone_elses_notification_is_not_found(bucks, signed_in, make_member):
    theirs = notify(place=bucks, user=make_member(bucks, Role.RESIDENT), kind="t", title="Theirs")
    assert signed_in.post(url(bucks, "read", pk=theirs.pk)).status_code == 404
    assert Notification.objects.for_place(bucks).get(pk=theirs.pk).read_at is None


# Preferences


def test_preferences_default_to_a_weekly_digest_and_every_reminder(bucks, signed_in):
    response = signed_in.get(url(bucks, "preferences"))

    form = response.context["form"]
    assert form.initial["digest"] == DigestFrequency.WEEKLY
    assert form.initial[f"reminder_{INVITATION_KIND}"] == "now"
    assert form.initial[f"reminder_{BOUNCE_KIND}"] == "now"
    body = response.content.decode()
    assert "Every week, on Monday at 8am" in body
    assert "Someone has not accepted an invitation after 7 days" in body


def test_saving_preferences(bucks, person, signed_in):
    response = signed_in.post(
        url(bucks, "preferences"),
        {
            "digest": "daily",
            f"reminder_{INVITATION_KIND}": "off",
            f"reminder_{BOUNCE_KIND}": "digest",
        },
    )

    assert response.status_code == 302
    saved = preference(bucks, person)
    assert saved.digest == DigestFrequency.DAILY
    assert saved.reminders_off == [INVITATION_KIND]
    assert saved.reminder_delivery(INVITATION_KIND) == "off"
    assert saved.reminder_delivery(BOUNCE_KIND) == "digest"


def test_preferences_reject_an_unknown_choice(bucks, person, signed_in):
    response = signed_in.post(url(bucks, "preferences"), {"digest": "hourly"})
    assert response.status_code == 200 and response.context["form"].errors
    assert preference(bucks, person) is None


def test_preferences_are_for_members(bucks, coventry, signed_in):
    assert signed_in.get(url(coventry, "preferences")).status_code == 403


# Unsubscribe by signed link, without signing in


def test_unsubscribe_link_asks_then_unsubscribes_without_signing_in(bucks, person):
    client = Client(enforce_csrf_checks=True)  # a mail client's POST has no CSRF token
    link = unsubscribe_url(place=bucks, user=person)

    page = client.get(link)
    assert page.status_code == 200
    assert "rosa@example.org" in page.content.decode() and preference(bucks, person) is None

    done = client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert preference(bucks, person).digest == DigestFrequency.OFF
    assert client.post(link).status_code == 200  # twice is fine
    from coordination.audit.models import AuditEntry

    (entry,) = AuditEntry.objects.for_place(bucks).filter(
        action="notifications.preferences.unsubscribe"
    )
    assert entry.actor == person


def test_a_reminder_link_turns_off_only_that_reminder(bucks, person):
    link = unsubscribe_url(place=bucks, user=person, scope=INVITATION_KIND)
    Client(enforce_csrf_checks=True).post(link)
    saved = preference(bucks, person)
    assert saved.reminders_off == [INVITATION_KIND] and saved.digest == DigestFrequency.WEEKLY


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        lambda token: token[:20],  # cut short
        lambda token: "x" + token,  # the payload changed
        lambda token: "",  # no token at all... is not an error page, see below
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(bucks, person, tamper):
    token = tamper(unsubscribe_token(place=bucks, user=person))
    link = url(bucks, "unsubscribe") + "?" + urlencode({"t": token})
    client = Client(enforce_csrf_checks=True)

    page, post = client.get(link), client.post(link)

    if token:
        assert page.status_code == post.status_code == 400
        assert "This unsubscribe link does not work" in post.content.decode()
        assert "Nothing has been changed." in post.content.decode()
    else:
        assert page.status_code == 200 and post.status_code == 400
    assert preference(bucks, person) is None


def test_a_link_for_another_place_is_refused(bucks, coventry, person):
    token = unsubscribe_token(place=bucks, user=person)
    response = Client().post(url(coventry, "unsubscribe") + "?" + urlencode({"t": token}))
    assert response.status_code == 400
    assert preference(bucks, person) is None


# The outbox and the digest preview, for place admins


def _outbox_row(place, key, status, **extra):
    row = outbox_enqueue(
        place=place,
        key=key,
        to_email=f"{key}@example.org",
        kind="test.email",
        subject=f"Subject {key}",
        text_body="Hi",
        deliver=False,
    )
    OutboxEmail.objects.for_place(place).filter(pk=row.pk).update(status=status, **extra)
    return row


def test_the_outbox_page_counts_filters_and_retries(bucks, sutton, client, admin_of):
    client.force_login(admin_of(bucks))
    failed = _outbox_row(bucks, "failed1", OutboxStatus.FAILED, attempts=6, last_error="451 busy")
    _outbox_row(bucks, "sent1", OutboxStatus.SENT, attempts=1)
    _outbox_row(bucks, "sent2", OutboxStatus.SENT, attempts=1)
    _outbox_row(sutton, "suttons", OutboxStatus.FAILED)

    page = client.get(url(bucks, "outbox"))
    assert page.status_code == 200
    counts = {value: count for value, _label, count in page.context["counts"]}
    assert counts == {
        "pending": 0,
        "sending": 0,
        "sent": 2,
        "failed": 1,
        "maybe_sent": 0,
        "cancelled": 0,
    }
    assert "suttons@example.org" not in page.content.decode()

    only_failed = client.get(url(bucks, "outbox") + "?status=failed")
    assert [row.to_email for row in only_failed.context["emails"]] == ["failed1@example.org"]
    assert "451 busy" in only_failed.content.decode()

    response = client.post(url(bucks, "outbox_retry", pk=failed.pk), {"status": "failed"})
    assert response.status_code == 302 and response["Location"].endswith("?status=failed")
    row = OutboxEmail.objects.for_place(bucks).get(pk=failed.pk)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 6)


def test_sending_again_an_email_that_may_have_been_delivered_asks_first(bucks, client, admin_of):
    client.force_login(admin_of(bucks))
    maybe = _outbox_row(
        bucks, "maybe1", OutboxStatus.MAYBE_SENT, attempts=1, last_error="The sender stopped"
    )
    listed = client.get(url(bucks, "outbox") + "?status=maybe_sent").content.decode()
    assert "maybe1@example.org" in listed and "May have been delivered" in listed
    assert "Send again" in listed

    asked = client.post(url(bucks, "outbox_retry", pk=maybe.pk), {"status": "maybe_sent"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "This email may have been delivered already" in page
    assert "Yes, send it again" in page and 'name="confirm" value="send-again"' in page
    assert OutboxEmail.objects.for_place(bucks).get(pk=maybe.pk).status == OutboxStatus.MAYBE_SENT

    confirmed = client.post(
        url(bucks, "outbox_retry", pk=maybe.pk), {"status": "maybe_sent", "confirm": "send-again"}
    )
    assert confirmed.status_code == 302 and confirmed["Location"].endswith("?status=maybe_sent")
    row = OutboxEmail.objects.for_place(bucks).get(pk=maybe.pk)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    messages = [str(m) for m in client.get(confirmed["Location"]).context["messages"]]
    assert messages == ["The email to maybe1@example.org will be sent again."]


def test_a_failed_email_is_sent_again_without_asking(bucks, client, admin_of):
    client.force_login(admin_of(bucks))
    failed = _outbox_row(bucks, "failed2", OutboxStatus.FAILED, attempts=6)
    response = client.post(url(bucks, "outbox_retry", pk=failed.pk))
    assert response.status_code == 302
    assert OutboxEmail.objects.for_place(bucks).get(pk=failed.pk).status == OutboxStatus.PENDING


def test_only_failed_emails_can_be_retried(bucks, client, admin_of):
    client.force_login(admin_of(bucks))
    sent = _outbox_row(bucks, "sent", OutboxStatus.SENT)
    client.post(url(bucks, "outbox_retry", pk=sent.pk))
    assert OutboxEmail.objects.for_place(bucks).get(pk=sent.pk).status == OutboxStatus.SENT


def test_another_places_email_cannot_be_retried(bucks, sutton, client, admin_of):
    client.force_login(admin_of(bucks))
    theirs = _outbox_row(sutton, "theirs", OutboxStatus.FAILED)
    assert client.post(url(bucks, "outbox_retry", pk=theirs.pk)).status_code == 404
    assert OutboxEmail.objects.for_place(sutton).get(pk=theirs.pk).status == OutboxStatus.FAILED


@pytest.mark.parametrize("name", ["outbox", "preview"])
def test_admin_pages_are_for_place_admins(bucks, client, make_member, name):
    assert client.get(url(bucks, name)).status_code == 302  # sign in first
    client.force_login(make_member(bucks, Role.COUNCIL_OFFICER))
    assert client.get(url(bucks, name)).status_code == 403


def test_the_digest_preview_shows_exactly_what_would_be_sent(bucks, client, admin_of, person):
    client.force_login(admin_of(bucks))
    notify(place=bucks, user=person, kind="t", title="Your funding bid was shortlisted")

    response = client.get(url(bucks, "preview") + f"?member={person.pk}")

    body = response.content.decode()
    email = response.context["email"]
    assert response.status_code == 200
    assert (
        "Your funding bid was shortlisted" in email.text
        and "Your funding bid was shortlisted" in email.html
    )
    assert escape(email.subject) in body and "List-Unsubscribe" in body
    assert f"preview/html/?member={person.pk}" in body and "<pre" in body
    html = client.get(url(bucks, "preview_html") + f"?member={person.pk}")
    assert "Your funding bid was shortlisted" in html.content.decode()
    assert "style-src 'unsafe-inline'" in html["Content-Security-Policy"]
    assert "sandbox" in html["Content-Security-Policy"]
    assert not OutboxEmail.objects.for_place(bucks).exists()  # nothing was sent


def test_the_preview_says_when_nothing_would_be_sent(bucks, client, admin_of, person):
    client.force_login(admin_of(bucks))
    response = client.get(url(bucks, "preview") + f"?member={person.pk}")
    assert response.context["email"] is None
    assert "no digest would be sent" in response.content.decode()


def test_the_preview_offers_only_this_places_members(
    bucks, coventry, client, admin_of, make_member
):
    client.force_login(admin_of(bucks))
    outsider = make_member(coventry, Role.RESIDENT, email="outsider@example.org")
    response = client.get(url(bucks, "preview") + f"?member={outsider.pk}")
    assert response.context["form"].errors and "email" not in response.context
    assert "outsider@example.org" not in response.content.decode()


def test_the_digest_kind_is_stable():
    # Outbox rows, preferences and unsubscribe links all name the digest this way.
    assert DIGEST_KIND == "digest"


def test_a_person_who_left_can_still_unsubscribe(bucks, person, admin_of):
    from coordination.accounts.services import membership_end
    from coordination.places.tenancy import place_scope

    admin = admin_of(bucks)
    with place_scope(bucks):
        membership_end(place=bucks, actor=admin, membership=Membership.objects.get(user=person))
    link = unsubscribe_url(place=bucks, user=person)
    assert Client().post(link).status_code == 200
    assert preference(bucks, person).digest == DigestFrequency.OFF
    assert timezone.now() - preference(bucks, person).updated_at < timedelta(minutes=1)


def test_the_django_admin_asks_before_sending_again_what_may_have_been_delivered(
    bucks, client, settings
):
    settings.MFA_REQUIRED_FOR_ADMINS = False
    superuser = User.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(superuser)
    failed = _outbox_row(bucks, "failed3", OutboxStatus.FAILED, attempts=6)
    maybe = _outbox_row(bucks, "maybe3", OutboxStatus.MAYBE_SENT, attempts=1)
    changelist = "/admin/notifications/outboxemail/"
    selected = {"action": "send_again", "_selected_action": [failed.pk, maybe.pk]}

    asked = client.post(changelist, selected)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "This email may have been delivered already" in page
    assert "maybe3@example.org" in page and "1 other selected email failed" in page
    with scopes_disabled():
        assert OutboxEmail.objects.get(pk=maybe.pk).status == OutboxStatus.MAYBE_SENT
        assert OutboxEmail.objects.get(pk=failed.pk).status == OutboxStatus.FAILED

    done = client.post(changelist, {**selected, "confirm": "send-again"})
    assert done.status_code == 302
    with scopes_disabled():
        statuses = set(
            OutboxEmail.objects.filter(pk__in=[failed.pk, maybe.pk]).values_list(
                "status", flat=True
            )
        )
    assert statuses == {OutboxStatus.PENDING}

    only_failed = _outbox_row(bucks, "failed4", OutboxStatus.FAILED, attempts=6)
    response = client.post(
        changelist, {"action": "send_again", "_selected_action": [only_failed.pk]}
    )
    assert response.status_code == 302  # no question for emails that surely failed
    with scopes_disabled():
        assert OutboxEmail.objects.get(pk=only_failed.pk).status == OutboxStatus.PENDING


def test_the_place_home_tells_admins_of_emails_that_may_have_been_delivered(
    bucks, client, admin_of
):
    client.force_login(admin_of(bucks))
    _outbox_row(bucks, "maybe5", OutboxStatus.MAYBE_SENT, attempts=1)
    page = client.get(f"/{bucks.slug}/").content.decode()
    assert "1 email may have been delivered</a> when its sender stopped" in page
    assert "?status=maybe_sent" in page
