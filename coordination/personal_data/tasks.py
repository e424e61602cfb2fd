"""Celery tasks: take ids, re-read, call a service; safe to run twice."""

from celery import shared_task


@shared_task
def build_export(request_id):
    """Build a person's "download your data" file (services.export_build)."""
    from .services import export_build

    export_build(request_id=request_id)


@shared_task
def apply_retention():
    """The nightly retention run (retention.py)."""
    from .retention import apply_retention as run

    run()
