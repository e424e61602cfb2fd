"""Celery tasks: take ids, re-read, call a service; safe to run twice."""

from celery import shared_task


@shared_task
def rebuild_exports(place_id, keys):
    """Rebuild a place's stale export files (services.rebuild)."""
    from .services import rebuild

    return rebuild(place_id, keys)


@shared_task
def rebuild_all_exports():
    """The nightly rebuild of every export file (services.rebuild_everything)."""
    from .services import rebuild_everything

    return rebuild_everything()
