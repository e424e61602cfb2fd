"""InPlace: the Django project and the shared core (places, accounts, organisations, notifications, API)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
