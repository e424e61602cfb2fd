"""Celery tasks of the mapping app: thin, re-read everything inside the place, safe to run twice."""

from celery import shared_task

from coordination.accounts.models import User
from coordination.places.models import Place
from coordination.places.selectors import places_to_work_through
from coordination.places.tenancy import place_scope

from . import services
from .models import AnalysisSnapshot, ImportBatch


@shared_task
def import_file(place_id, batch_id, actor_id=None):
    """Import a checked file that was queued because it is long (the page shows its progress)."""
    place = Place.objects.get(pk=place_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with place_scope(place):
        batch = ImportBatch.objects.for_place(place).filter(pk=batch_id).first()
        if batch is None:
            return "missing"
        batch = services.import_run_queued(place=place, actor=actor, batch=batch)
        return batch.status


@shared_task
def check_file(place_id, batch_id, actor_id=None):
    """Check a long uploaded file (read-only; the page shows its progress, then the preview)."""
    place = Place.objects.get(pk=place_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with place_scope(place):
        batch = ImportBatch.objects.for_place(place).filter(pk=batch_id).first()
        if batch is None:
            return "missing"
        return services.import_check_queued(place=place, actor=actor, batch=batch).status


@shared_task
def refresh_analysis(place_id):
    """Compute a place's gap and overlap analysis again (asked for after its services or needs
    changed, at the end of the quiet period)."""
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        return "missing"
    with place_scope(place):
        services.analysis_compute(place=place)
    return "computed"


@shared_task
def refresh_analyses():
    """Beat's safety net: queue a fresh analysis of every place that has a stored one."""
    queued = 0
    for place in places_to_work_through(None):
        if AnalysisSnapshot.objects.for_place(place).exists():
            refresh_analysis.delay(place.pk)
            queued += 1
    return queued
