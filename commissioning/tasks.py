"""Celery tasks of the commissioning app: thin, re-read everything inside the place, safe to run
twice (beat runs ``open_sealed_bids`` every minute: coordination/notifications/schedules.py)."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from coordination.places.selectors import places_to_work_through
from coordination.places.tenancy import place_scope

from . import services


@shared_task
def open_sealed_bids(now=None, place_id=None):
    """Record the opening of every tender whose submission deadline has passed, once each."""
    when = parse_datetime(now) if now else None
    if now and (when is None or when.tzinfo is None):
        raise ValueError(f"now must be an ISO date and time with its offset, not {now!r}")
    opened = 0
    for place in places_to_work_through(None if place_id is None else [place_id]):
        with place_scope(place):
            opened += len(services.bids_open_due(place=place, now=when))
    return {"opened": opened}
