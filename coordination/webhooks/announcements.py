"""Announcing an audited change to the place's webhook subscriptions.

``coordination.audit.services.audit_record`` calls ``announce`` for every entry it writes, inside
the transaction that made the change: an entry whose action is a registered event is queued for
each active subscription of that place that asked for it, and delivery is triggered once the
transaction commits (a rolled-back change announces nothing). Payloads are thin: the event, the
place and the object's type and id, never the change's details; the partner reads the object
through the API with its key, where its permissions apply.

This module must not import the audit app: the audit app imports it.
"""

import logging
import uuid

from django.db import transaction

from .models import WebhookDelivery, WebhookSubscription
from .registry import is_known
from .tasks import deliver_webhooks

logger = logging.getLogger(__name__)


def payload_for(entry, event_id):
    return {
        "id": str(event_id),
        "event": entry.action,
        "occurred_at": entry.created_at.isoformat(),
        "place": entry.place.slug,
        "object": {"type": entry.target_type, "id": entry.target_id},
    }


def announce(entry):
    """Queue the audit entry's event for the place's subscriptions that want it."""
    if not is_known(entry.action):
        return
    subscriptions = [
        s
        for s in WebhookSubscription.objects.for_place(entry.place_id).filter(
            paused_at__isnull=True
        )
        if entry.action in s.events
    ]
    if not subscriptions:
        return
    event_id = uuid.uuid4()
    payload = payload_for(entry, event_id)
    WebhookDelivery.objects.for_place(entry.place_id).bulk_create(
        [
            WebhookDelivery(
                place_id=entry.place_id,
                subscription=s,
                event=entry.action,
                event_id=event_id,
                payload=payload,
            )
            for s in subscriptions
        ]
    )
    place_id = entry.place_id

    def trigger():
        try:
            deliver_webhooks.delay(place_id=place_id)
        except Exception:  # the broker is down: beat's every-minute tick delivers instead
            logger.warning("Could not queue webhook delivery for place %s", place_id, exc_info=True)

    transaction.on_commit(trigger)
