"""Sending deliveries: claimed by one worker, POSTed signed, retried with back-off, paused when a
receiver keeps failing.

As with the email outbox, a row is claimed with ``select_for_update(skip_locked=True)`` and a
lease, sent outside any transaction, and its outcome recorded fenced by the attempt number. A
receiver that answers anything but 2xx (or not at all) is tried again after 1, 2, 4, ... minutes,
up to WEBHOOKS_MAX_ATTEMPTS; a subscription whose deliveries failed WEBHOOKS_PAUSE_AFTER times in a
row is paused, and an admin resumes it once the receiver works again.
"""

import json
import logging
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter

from coordination.places.selectors import places_to_work_through
from coordination.places.tenancy import place_scope

from .models import DeliveryStatus as Status
from .models import WebhookDelivery, WebhookSubscription
from .signing import HEADER, header_value
from .urls_safety import destination_for

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 200


def backoff(attempts):
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver_webhooks(*, place_ids=None, now=None):
    outcomes = Counter()
    for place in places_to_work_through(place_ids):
        with place_scope(place):
            outcomes += deliver_place_webhooks(place, now=now)
    return +outcomes


def deliver_place_webhooks(place, *, now=None):
    clock = (lambda: now) if now is not None else timezone.now
    outcomes = Counter()
    WebhookDelivery.objects.for_place(place).filter(
        status=Status.SENDING, next_attempt_at__lte=clock()
    ).update(status=Status.PENDING)  # a worker stopped mid-send: the receiver dedupes by id
    for _n in range(BATCH):
        row = _claim(place, clock())
        if row is None:
            break
        outcomes[_deliver(row, clock)] += 1
    return outcomes


def _claim(place, now):
    with transaction.atomic():
        row = (
            WebhookDelivery.objects.for_place(place)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(
                status=Status.PENDING,
                next_attempt_at__lte=now,
                subscription__paused_at__isnull=True,
            )
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return None
        row.status = Status.SENDING
        row.attempts += 1
        row.next_attempt_at = now + LEASE
        row.save(update_fields=["status", "attempts", "next_attempt_at"])
    return row


def _record(row, **changes):
    return (
        WebhookDelivery.objects.for_place(row.place_id)
        .filter(pk=row.pk, attempts=row.attempts, status=Status.SENDING)
        .update(**changes)
    )


class PinnedAdapter(HTTPAdapter):
    """Connects to one checked address whatever the URL's host name resolves to now.

    The URL keeps its host name, so the Host header, TLS SNI and the certificate check are all
    for the name; only the TCP connection is pinned.
    """

    def __init__(self, address, **kwargs):
        self.address = str(address)
        super().__init__(**kwargs)

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = host_params["host"]
        return self.poolmanager.connection_from_host(
            host=self.address,
            port=host_params["port"],
            scheme=host_params["scheme"],
            pool_kwargs=pool_kwargs,
        )

    def add_headers(self, request, **kwargs):
        request.headers["Host"] = urlsplit(request.url).netloc


def pinned_session(destination):
    session = requests.Session()
    session.trust_env = False  # a proxy from the environment would resolve the name again
    adapter = PinnedAdapter(destination.address, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _deliver(row, clock):
    subscription = row.subscription
    body = json.dumps(row.payload, separators=(",", ":"), sort_keys=True).encode()
    destination, problem = destination_for(subscription.url)
    status_code, error = None, ""
    if problem:
        error = problem
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "InPlace-Webhooks/1",
            "X-InPlace-Event": row.event,
            "X-InPlace-Delivery": str(row.event_id),
            HEADER: header_value(subscription.secret, body),
        }
        try:
            with pinned_session(destination) as session:
                response = session.post(
                    subscription.url,
                    data=body,
                    headers=headers,
                    timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
                    allow_redirects=False,
                    verify=settings.WEBHOOKS_CA_BUNDLE or True,
                )
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = _("The receiver answered %(code)s.") % {"code": status_code}
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
    now = clock()
    if not error:
        _record(
            row,
            status=Status.DELIVERED,
            delivered_at=now,
            last_status_code=status_code,
            last_error="",
        )
        WebhookSubscription.objects.for_place(row.place_id).filter(pk=subscription.pk).update(
            consecutive_failures=0
        )
        return "delivered"
    final = row.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS
    _record(
        row,
        status=Status.FAILED if final else Status.PENDING,
        next_attempt_at=now + backoff(row.attempts),
        last_status_code=status_code,
        last_error=error[:500],
    )
    _count_failure(row, subscription, now)
    logger.info("Webhook delivery %s failed (attempt %s): %s", row.pk, row.attempts, error)
    return "failed" if final else "retry"


def _count_failure(row, subscription, now):
    subscriptions = WebhookSubscription.objects.for_place(row.place_id).filter(pk=subscription.pk)
    subscriptions.update(consecutive_failures=F("consecutive_failures") + 1)
    subscriptions.filter(
        consecutive_failures__gte=settings.WEBHOOKS_PAUSE_AFTER, paused_at__isnull=True
    ).update(
        paused_at=now,
        pause_reason=_(
            "Paused by InPlace after %(n)d failed deliveries in a row. Fix the receiver, then "
            "resume: the waiting deliveries go out then."
        )
        % {"n": settings.WEBHOOKS_PAUSE_AFTER},
    )
