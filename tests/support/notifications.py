"""London clocks (and the digest's last Monday 08:00), a scripted SMTP handler and email parts,
for the notification and fault tests; and ``build_notifications``, place A's notification
objects for the isolation walk: the actor's own notifications (mark read) and failed outbox
emails (retry)."""

import asyncio
import threading
from datetime import datetime, timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

from django.utils import timezone

from coordination.notifications.models import OutboxEmail, OutboxStatus
from coordination.notifications.services import notify, outbox_enqueue

LONDON = ZoneInfo("Europe/London")


def london(*args):
    """An aware datetime on London's wall clock (fold=0: the first of a repeated hour)."""
    return datetime(*args, tzinfo=LONDON)


def last_monday_8am():
    """The latest Monday 08:00 in London that has passed: delivery sends only what is due by now."""
    today = timezone.localtime(timezone.now(), LONDON).date()
    monday = today - timedelta(days=today.weekday())
    when = london(monday.year, monday.month, monday.day, 8)
    return when if when < timezone.now() else when - timedelta(days=7)


class ScriptedSMTPHandler:
    """An SMTP server's behaviour: answer each DATA (or RCPT) from a script, keep what arrived.

    ``data_replies``/``rcpt_replies`` are consumed one per message; when a list runs out every later
    message is accepted ("250 OK").
    """

    def __init__(self):
        self.data_replies = []
        self.rcpt_replies = []
        self.received = []  # email.message.Message, in the order accepted
        self.attempts = 0
        self.delay = 0.0  # seconds each DATA takes, to make two senders overlap
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            reply = self.rcpt_replies.pop(0) if self.rcpt_replies else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.attempts += 1
            reply = self.data_replies.pop(0) if self.data_replies else None
            if reply:
                return reply
            self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def message_ids(self):
        with self.lock:
            return [m["Message-ID"] for m in self.received]


def text_part(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def html_part(message):
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def build_notifications(place, actor, n):
    for i in range(n):
        notify(place=place, user=actor, kind="isolation", title=f"Quokka notification {i}")
        row = outbox_enqueue(
            place=place,
            key=f"isolation:{place.pk}:{i}",
            to_email=f"outbox{i}@quokka-only.example",
            kind="isolation",
            subject=f"Quokka email {i}",
            text_body="Quokka",
            deliver=False,
        )
        OutboxEmail.objects.for_place(place).filter(pk=row.pk).update(
            status=OutboxStatus.FAILED, attempts=6, last_error="451 Quokka server busy"
        )
