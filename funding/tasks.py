"""Celery tasks of the funding app: thin, re-read everything inside the place, safe to run twice
(beat runs ``refresh_due_figures`` every 15 minutes: coordination/notifications/schedules.py)."""

from celery import shared_task

from coordination.places.models import Place
from coordination.places.tenancy import place_scope

from .services import snapshots


@shared_task
def refresh_figures(place_id):
    """Compute a place's stored figures and overlap flags again (queued after changes)."""
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        return "missing"
    with place_scope(place):
        snapshots.figures_snapshot_refresh(place)
    return "refreshed"


@shared_task
def refresh_due_figures():
    """The safety net: queue a refresh of every place's figures computed on an earlier day or
    longer ago than a few hours."""
    return {"queued": snapshots.refresh_due_snapshots()}
