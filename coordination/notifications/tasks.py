"""Celery tasks for reminders, digests and the outbox: thin, safe to run twice, no long countdowns.

Beat runs them on the schedules in schedules.py. Each call works out what is due from the database
(and, in tests or by hand, from an ISO ``now``), so a repeated or late tick does no harm, and
nothing waits in the broker for hours (Redis would redeliver it after its visibility timeout).
"""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import delivery, dispatch


def _when(now):
    if now is None:
        return None
    parsed = parse_datetime(now)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"now must be an ISO date and time with its offset, not {now!r}")
    return parsed


@shared_task
def dispatch_due_reminders(now=None, place_id=None):
    place_ids = None if place_id is None else [place_id]
    return dispatch.dispatch_due_reminders(now=_when(now), place_ids=place_ids).as_dict()


@shared_task
def dispatch_digests(now=None, place_id=None):
    place_ids = None if place_id is None else [place_id]
    return dispatch.dispatch_digests(now=_when(now), place_ids=place_ids).as_dict()


@shared_task
def deliver_outbox(place_id=None, now=None):
    place_ids = None if place_id is None else [place_id]
    return dict(delivery.deliver_outbox(now=_when(now), place_ids=place_ids))
