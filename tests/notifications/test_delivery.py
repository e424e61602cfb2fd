"""The outbox over real SMTP: back-off, failing after N attempts, bounces, never twice."""

import threading
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.db import connection, transaction
from django.utils import timezone

from coordination.accounts.models import Membership, Role
from coordination.accounts.services import membership_end
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications import delivery, dispatch
from coordination.notifications.digest import BOUNCE_KIND
from coordination.notifications.emails import message_id_for
from coordination.notifications.models import (
    DIGEST_KIND,
    REMINDER_KIND_PREFIX,
    Notification,
    OutboxEmail,
    OutboxStatus,
)
from coordination.notifications.services import outbox_enqueue, outbox_retry, unsubscribe
from coordination.places.tenancy import place_scope
from tests.support.notifications import html_part, text_part

T0 = timezone.make_aware(timezone.datetime(2026, 12, 1, 10, 0))


def queue(place, n=1, *, kind="test.email", recipient=None, prefix="delivery"):
    rows = []
    with transaction.atomic():
        for i in range(n):
            rows.append(
                outbox_enqueue(
                    place=place,
                    key=f"{prefix}:{place.pk}:{i}",
                    to_email=(recipient.email if recipient else f"someone{i}@example.org"),
                    recipient=recipient,
                    kind=kind,
                    subject=f"Test email {i}",
                    text_body=f"Hello {i}\n",
                    html_body=f"<p>Hello {i}</p>",
                    now=T0,
                )
            )
    return rows


def reload(row):
    return OutboxEmail.objects.for_place(row.place_id).get(pk=row.pk)


@pytest.mark.django_db
def test_a_temporary_failure_is_retried_with_back_off_then_sent(bucks, smtp_server):
    smtp_server.data_replies = ["451 4.3.0 Mailbox busy, try again later"]
    (row,) = queue(bucks)

    assert delivery.deliver_outbox(now=T0) == {"retry": 1}
    row = reload(row)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert "451" in row.last_error and "try again later" in row.last_error
    assert row.next_attempt_at == T0 + timedelta(seconds=60)

    assert delivery.deliver_outbox(now=T0 + timedelta(seconds=59)) == {}  # not due yet
    assert delivery.deliver_outbox(now=T0 + timedelta(seconds=60)) == {"sent": 1}

    row = reload(row)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 2, "")
    assert row.sent_at == T0 + timedelta(seconds=60)
    (message,) = smtp_server.received
    assert message["Message-ID"] == row.headers["Message-ID"] == message_id_for(row.dedupe_key)
    assert message["To"] == "someone0@example.org"
    assert str(make_header(decode_header(message["From"]))) == (
        "InPlace – Buckinghamshire <no-reply@inplace.example>"
    )
    assert text_part(message).replace("\r\n", "\n") == "Hello 0\n"
    assert html_part(message) == "<p>Hello 0</p>"
    assert smtp_server.attempts == 2


@pytest.mark.django_db
def test_a_server_that_keeps_failing_marks_the_email_failed_after_the_last_attempt(
    bucks, smtp_server, settings
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    smtp_server.data_replies = ["421 4.3.2 Service shutting down"] * 10
    (row,) = queue(bucks)
    now, waits = T0, []
    for _attempt in range(4):
        delivery.deliver_outbox(now=now)
        row = reload(row)
        if row.status == OutboxStatus.PENDING:
            waits.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at

    assert waits == [60, 120, 240]  # exponential back-off between the four attempts
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 4)
    assert "421" in row.last_error
    assert (
        delivery.deliver_outbox(now=now + timedelta(days=1)) == {}
    )  # failed rows wait for a person
    assert smtp_server.received == []
    assert OutboxEmail.objects.for_place(bucks).count() == 1  # kept, never deleted


@pytest.mark.django_db
def test_an_unreachable_server_is_retried(bucks, settings):
    import socket

    with socket.socket() as sock:  # a port with nothing listening on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    (row,) = queue(bucks)

    assert delivery.deliver_outbox(now=T0) == {"retry": 1}
    row = reload(row)
    assert row.status == OutboxStatus.PENDING and "ConnectionRefusedError" in row.last_error


@pytest.mark.django_db
def test_an_admin_retry_of_a_failed_email_keeps_its_attempts_and_message_id(
    bucks, smtp_server, settings, admin_of
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    admin = admin_of(bucks)
    smtp_server.data_replies = ["452 4.2.2 Mailbox full"]
    (row,) = queue(bucks)
    delivery.deliver_outbox(now=T0)
    assert reload(row).status == OutboxStatus.FAILED

    with place_scope(bucks):
        outbox_retry(place=bucks, actor=admin, email=reload(row))
    retried = reload(row)
    assert (retried.status, retried.attempts) == (OutboxStatus.PENDING, 1)
    assert "452" in retried.last_error
    delivery.deliver_outbox()

    row = reload(row)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert smtp_server.message_ids() == [row.headers["Message-ID"]]


@pytest.mark.django_db
def test_a_refused_address_is_a_bounce_and_the_admins_hear_once(
    bucks, smtp_server, admin_of, make_member
):
    admin = admin_of(bucks, email="admin@example.org")
    member = make_member(bucks, Role.RESIDENT, email="gone@example.org", name="Gwen Gone")
    smtp_server.rcpt_replies = ["550 5.1.1 No such mailbox"]
    (row,) = queue(bucks, kind=DIGEST_KIND, recipient=member)

    assert delivery.deliver_outbox(now=T0) == {"bounced": 1}
    row = reload(row)
    assert (row.status, row.attempts, row.bounced_at) == (OutboxStatus.FAILED, 1, T0)
    assert "550" in row.last_error and "gone@example.org" in row.last_error

    later = T0 + timedelta(minutes=5)
    first = dispatch.dispatch_due_reminders(now=later)
    second = dispatch.dispatch_due_reminders(now=later + timedelta(minutes=5))

    assert (first.queued, second.queued) == (1, 0)
    notices = OutboxEmail.objects.for_place(bucks).filter(kind=REMINDER_KIND_PREFIX + BOUNCE_KIND)
    (notice,) = notices
    assert notice.recipient == admin
    assert "Gwen Gone" in notice.subject
    assert (
        "https://inplace.example/buckinghamshire/notifications/outbox/?status=failed"
        in notice.text_body
    )
    (in_app,) = Notification.objects.for_place(bucks).filter(user=admin)
    assert in_app.emailed and in_app.title == notice.subject


@pytest.mark.django_db
def test_an_email_left_sending_by_a_killed_worker_is_not_sent_again(
    bucks, smtp_server, settings, admin_of
):
    """The worker claimed the row and died: the email may have gone, so it must not go twice."""
    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 600
    admin = admin_of(bucks)
    (row,) = queue(bucks)
    with place_scope(bucks):
        claimed = delivery.claim_next(bucks, T0)  # ...and then the worker was killed
    assert claimed.pk == row.pk and reload(row).status == OutboxStatus.SENDING

    assert delivery.deliver_outbox(now=T0 + timedelta(minutes=5)) == {}  # still within its lease
    outcome = delivery.deliver_outbox(now=T0 + timedelta(minutes=11))

    assert outcome == {"abandoned": 1}
    row = reload(row)
    assert row.status == OutboxStatus.MAYBE_SENT and "may have arrived" in row.last_error
    assert delivery.deliver_outbox(now=T0 + timedelta(days=1)) == {}
    assert smtp_server.received == []

    with place_scope(bucks), pytest.raises(RuleViolation, match="may have been delivered"):
        outbox_retry(place=bucks, actor=admin, email=row)  # not without the admin's say-so
    assert reload(row).status == OutboxStatus.MAYBE_SENT
    with place_scope(bucks):  # an admin who checked decides to send it again
        outbox_retry(place=bucks, actor=admin, email=row, confirm_may_have_been_delivered=True)
    entry = AuditEntry.objects.for_place(bucks).get(action="notifications.email.retry")
    assert entry.changes["may_have_been_delivered"] is True
    delivery.deliver_outbox()
    assert smtp_server.message_ids() == [message_id_for(row.dedupe_key)]


@pytest.mark.django_db
def test_a_slow_sender_that_outlived_its_lease_still_records_that_it_sent(bucks, settings):
    """The lease ran out while the worker was slow, not dead: its "sent" is what happened."""
    settings.NOTIFICATIONS_SENDING_LEASE_SECONDS = 600
    (row,) = queue(bucks)
    with place_scope(bucks):
        claimed = delivery.claim_next(bucks, T0)
        assert delivery.release_abandoned(bucks, T0 + timedelta(minutes=11)) == 1
        assert reload(row).status == OutboxStatus.MAYBE_SENT
        assert delivery._record(claimed, status=OutboxStatus.SENT, sent_at=T0) == 1
    assert reload(row).status == OutboxStatus.SENT


@pytest.mark.django_db
def test_a_member_who_left_is_not_sent_what_was_queued_for_them(
    bucks, smtp_server, admin_of, make_member
):
    admin = admin_of(bucks)
    leaver = make_member(bucks, Role.RESIDENT)
    (digest,) = queue(bucks, kind=DIGEST_KIND, recipient=leaver, prefix="digest")
    (reminder,) = queue(
        bucks,
        kind=REMINDER_KIND_PREFIX + "invitation_not_accepted",
        recipient=leaver,
        prefix="reminder",
    )
    with place_scope(bucks):
        membership_end(place=bucks, actor=admin, membership=Membership.objects.get(user=leaver))

    assert delivery.deliver_outbox(now=T0) == {"cancelled": 2}
    for row in (digest, reminder):
        row = reload(row)
        assert row.status == OutboxStatus.CANCELLED
        assert "no longer a member of Buckinghamshire" in row.last_error
    assert smtp_server.received == []


@pytest.mark.django_db
def test_an_email_turned_off_after_it_was_queued_is_not_sent(bucks, smtp_server, make_member):
    person = make_member(bucks, Role.RESIDENT)
    (digest,) = queue(bucks, kind=DIGEST_KIND, recipient=person)
    with place_scope(bucks):
        unsubscribe(place=bucks, user=person, scope=DIGEST_KIND)

    assert delivery.deliver_outbox(now=T0) == {"cancelled": 1}
    assert reload(digest).last_error == "Not sent: the person turned the digest off."
    assert smtp_server.received == []


@pytest.mark.django_db
def test_one_connection_sends_a_batch_and_the_rest_waits_for_the_next_tick(bucks, smtp_server):
    queue(bucks, n=5)
    assert delivery.deliver_outbox(now=T0, limit=3) == {"sent": 3}
    assert delivery.deliver_outbox(now=T0, limit=3) == {"sent": 2}
    assert len(set(smtp_server.message_ids())) == 5


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_once_send_each_email_once(bucks, sutton, smtp_server):
    """Two threads, each with its own database connection, claim from the same outbox at once."""
    rows = queue(bucks, n=30) + queue(sutton, n=10)
    smtp_server.delay = 0.01  # each send takes a moment, so the two workers really overlap
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            outcomes.append(delivery.deliver_outbox(now=T0))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert sum(outcome["sent"] for outcome in outcomes) == len(rows)
    assert all(outcome["sent"] for outcome in outcomes), outcomes  # both workers took a share
    ids = smtp_server.message_ids()
    assert len(ids) == len(rows) == len(set(ids))
    from django_scopes import scopes_disabled

    with scopes_disabled():
        assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
        assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}
