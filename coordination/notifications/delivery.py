"""Sending the outbox through Django's email backends: at most once per row, with back-off.

Claim, then send: a short transaction claims one pending row
(``select_for_update(skip_locked=True)``, so two workers never take the same row) and marks it
"sending" with a lease; the email is sent outside any transaction; a second short transaction
records the outcome, fenced by the attempt number.

A worker killed mid-send leaves its row "sending". When the lease runs out the row is marked "may
have been delivered", not failed and not sent again: the email may well have gone (the server
accepted it, then the worker died before recording it), and InPlace promises never to send twice.
An admin sees it on the outbox page and can send it again after confirming that the person did not
get it; the retry carries the same Message-ID, so a receiving server that saw the first can drop
it. A worker that was only slow and records its result after the lease ran out still has the last
word (its result is what happened).

A member who left the place, or turned that email off, since it was queued is not sent it.
"""

import logging
import smtplib
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.places.selectors import places_to_work_through
from coordination.places.tenancy import place_scope

from . import selectors
from .conf import notification_setting
from .emails import from_address, message_id_for
from .models import (
    DIGEST_KIND,
    REMINDER_KIND_PREFIX,
    DigestFrequency,
    NotificationPreference,
    OutboxEmail,
)
from .models import OutboxStatus as Status

logger = logging.getLogger(__name__)

ERROR_LENGTH = 2000


def backoff(attempts):
    """Seconds to wait after the n-th failed attempt: base, 2 x base, 4 x base... up to the cap."""
    base = notification_setting("RETRY_BASE_SECONDS")
    return min(base * 2 ** max(attempts - 1, 0), notification_setting("RETRY_MAX_SECONDS"))


def deliver_outbox(*, now=None, place_ids=None, limit=None):
    """Send what is due in each place's outbox; returns counts by outcome."""
    outcomes = Counter()
    for place in places_to_work_through(place_ids):
        with place_scope(place):
            outcomes += deliver_place_outbox(place, now=now, limit=limit)
    return outcomes


def deliver_place_outbox(place, *, now=None, limit=None):
    clock = (lambda: now) if now is not None else timezone.now
    limit = limit or notification_setting("DELIVERY_BATCH")
    outcomes = Counter()
    outcomes["abandoned"] += release_abandoned(place, clock())
    sender = _Sender()
    try:
        for _n in range(limit):
            row = claim_next(place, clock())
            if row is None:
                break
            outcomes[_deliver(place, row, sender, clock)] += 1
    finally:
        sender.close()
    return +outcomes


def claim_next(place, now):
    """Take the next due row for this worker alone, or None when nothing is due."""
    lease = timedelta(seconds=notification_setting("SENDING_LEASE_SECONDS"))
    with transaction.atomic():
        row = (
            OutboxEmail.objects.for_place(place)
            .select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return None
        row.status = Status.SENDING
        row.attempts += 1
        row.next_attempt_at = now + lease
        row.save(update_fields=["status", "attempts", "next_attempt_at"])
    return row


def release_abandoned(place, now):
    """Rows left "sending" past their lease by a stopped worker: "may have been delivered", for an
    admin to look at."""
    return (
        OutboxEmail.objects.for_place(place)
        .filter(status=Status.SENDING, next_attempt_at__lte=now)
        .update(
            status=Status.MAYBE_SENT,
            last_error=_(
                "The sender stopped while this email was being sent, so it may have arrived. "
                "It is not sent again by itself: send it again only if the person did not get it."
            ),
        )
    )


def _record(row, **changes):
    """Write an attempt's outcome unless the row moved on (an admin retried, a lease ran out)."""
    with transaction.atomic():
        return (
            OutboxEmail.objects.for_place(row.place_id)
            .filter(
                pk=row.pk,
                attempts=row.attempts,
                status__in=[Status.SENDING, Status.FAILED, Status.MAYBE_SENT],
            )
            .update(**changes)
        )


def _why_not_send(place, row):
    """A reason this row must not go now, or None. Checked at send time, not only when queued."""
    personal = row.kind == DIGEST_KIND or row.kind.startswith(REMINDER_KIND_PREFIX)
    if not personal:
        return None
    if row.recipient_id is None or not selectors.member_ids(place, [row.recipient_id]):
        return _("Not sent: the person is no longer a member of %(place)s.") % {"place": place.name}
    preference = (
        NotificationPreference.objects.for_place(place).filter(user_id=row.recipient_id).first()
    )
    if preference is None:
        return None
    if row.kind == DIGEST_KIND and preference.digest == DigestFrequency.OFF:
        return _("Not sent: the person turned the digest off.")
    if row.kind.startswith(REMINDER_KIND_PREFIX) and not preference.wants_reminder(
        row.kind.removeprefix(REMINDER_KIND_PREFIX)
    ):
        return _("Not sent: the person turned these reminders off.")
    return None


def _message(place, row):
    headers = dict(row.headers or {})
    headers.setdefault("Message-ID", message_id_for(row.dedupe_key))
    sender = headers.pop("From", None) or from_address(place)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text_body,
        from_email=sender,
        to=[row.to_email],
        headers=headers,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    return message


def _deliver(place, row, sender, clock):
    reason = _why_not_send(place, row)
    if reason:
        _record(row, status=Status.CANCELLED, last_error=reason)
        return "cancelled"
    try:
        sender.send(_message(place, row))
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row, none is lost
        return _failed(row, exc, clock())
    _record(row, status=Status.SENT, sent_at=clock(), last_error="")
    return "sent"


def permanent_refusal(exc):
    """True when the receiving server refused this address or message for good (an SMTP 5xx)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= int(code) < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def describe(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        ]
        return "Recipient refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _text(value):
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _failed(row, exc, now):
    error = describe(exc)[:ERROR_LENGTH]
    if permanent_refusal(exc):
        _record(row, status=Status.FAILED, last_error=error, bounced_at=now)
        logger.warning("Outbox email %s bounced: %s", row.pk, error)
        return "bounced"
    if row.attempts >= notification_setting("MAX_ATTEMPTS"):
        _record(row, status=Status.FAILED, last_error=error)
        logger.error("Outbox email %s failed after %s attempts: %s", row.pk, row.attempts, error)
        return "failed"
    _record(
        row,
        status=Status.PENDING,
        last_error=error,
        next_attempt_at=now + timedelta(seconds=backoff(row.attempts)),
    )
    logger.info("Outbox email %s will be retried (attempt %s): %s", row.pk, row.attempts, error)
    return "retry"


class _Sender:
    """One backend connection for a run, opened when first needed and renewed after an error."""

    def __init__(self):
        self.connection = None

    def send(self, message):
        if self.connection is None:
            options = {}
            if getattr(settings, "EMAIL_TIMEOUT", None) is None:
                options["timeout"] = notification_setting("SMTP_TIMEOUT")
            self.connection = get_connection(fail_silently=False, **options)
            self.connection.open()
        try:
            sent = self.connection.send_messages([message])
        except Exception:
            self.close()
            raise
        if not sent:
            self.close()
            raise smtplib.SMTPException("The email backend accepted nothing")

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - a connection that will not close is dropped anyway
                logger.debug("Closing the email connection failed", exc_info=True)
            self.connection = None
