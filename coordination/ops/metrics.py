"""Prometheus metrics, for operators: off unless ``METRICS_TOKEN`` is set.

With a token, ``GET /metrics`` answers a scraper that sends ``Authorization: Bearer <token>``
with Prometheus's text format:

- ``inplace_http_requests_total{method, route, status}`` and
  ``inplace_http_request_duration_seconds{method, route}`` (a histogram), recorded by
  ``MetricsMiddleware``. ``route`` is the URL pattern (``api/v1/places/<slug:place_slug>/...``),
  never the path, so ids and place slugs do not multiply the series.
- read when scraped: ``inplace_worker_heartbeat_age_seconds`` (what /readyz checks) and
  ``inplace_outbox_emails{status}`` (queued, failed, ... across every place: counts only).

Under gunicorn with several workers each process counts its own requests: set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory for the whole server (gunicorn.conf.py empties
it at start and tidies after a worker exits) and any worker's /metrics adds them all up.
Without a token the middleware removes itself at start and /metrics is a 404.
"""

import hmac
import os
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db.models import Count
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter(
    "inplace_http_requests_total",
    "HTTP requests answered, by method, URL pattern and status.",
    ["method", "route", "status"],
)
DURATION = Histogram(
    "inplace_http_request_duration_seconds",
    "Time from the request reaching Django to its answer, by method and URL pattern.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
UNMATCHED = "<unmatched>"  # a path no URL pattern matched (a 404 before any view)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def enabled():
    return bool(settings.METRICS_TOKEN)


class MetricsMiddleware:
    """Counts and times every request (first in MIDDLEWARE but for the request id)."""

    def __init__(self, get_response):
        if not enabled():
            raise MiddlewareNotUsed  # Django leaves it out: no cost without a token
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else UNMATCHED
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        DURATION.labels(method, route).observe(time.perf_counter() - started)
        return response


class _ReadWhenScraped:
    """Figures read from the database at each scrape, not counted by the processes."""

    def collect(self):
        from coordination.notifications.models import OutboxEmail, OutboxStatus
        from coordination.places.tenancy import scopes_disabled

        from .models import WorkerHeartbeat

        age = GaugeMetricFamily(
            "inplace_worker_heartbeat_age_seconds",
            "Seconds since a Celery worker last ran the heartbeat task (NaN: never).",
        )
        newest = WorkerHeartbeat.objects.order_by("-seen_at").first()
        seconds = (timezone.now() - newest.seen_at).total_seconds() if newest else float("nan")
        age.add_metric([], seconds)
        yield age

        emails = GaugeMetricFamily(
            "inplace_outbox_emails",
            "Emails in the outbox of every place, by status.",
            labels=["status"],
        )
        with scopes_disabled():  # a count per status across places: no place's data shown
            counts = {
                row["status"]: row["n"]
                for row in OutboxEmail.objects.order_by().values("status").annotate(n=Count("pk"))
            }
        for status in OutboxStatus.values:
            emails.add_metric([status], counts.get(status, 0))
        yield emails


def exposition():
    """The text a scraper reads: the processes' counters (all of them, in multi-process mode)
    and the figures read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    read_now = CollectorRegistry()
    read_now.register(_ReadWhenScraped())
    return generate_latest(counted) + generate_latest(read_now)


def token_is_valid(header):
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), settings.METRICS_TOKEN.encode()
    )


__all__ = ["CONTENT_TYPE_LATEST", "MetricsMiddleware", "enabled", "exposition", "token_is_valid"]
