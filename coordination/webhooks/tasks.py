"""Celery task for webhook deliveries (beat every minute, and on commit after a change)."""

from celery import shared_task

from . import delivery


@shared_task
def deliver_webhooks(place_id=None):
    place_ids = None if place_id is None else [place_id]
    return dict(delivery.deliver_webhooks(place_ids=place_ids))
