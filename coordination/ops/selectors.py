"""Readiness: can this instance serve requests and get background work done right now?"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _cache():
    """The shared cache (Redis when REDIS_URL is set): the API's and sign-in's rate limits use it.

    Each probe writes, reads back and deletes a key of its own: load balancers probe every
    instance at once, and probes sharing one key would read each other's values and fail.
    """
    token = secrets.token_hex(8)
    key = f"inplace:readyz:{token}"
    try:
        cache.set(key, token, 30)
        return {"ok": cache.get(key) == token}
    finally:
        cache.delete(key)


def _worker(now):
    newest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    limit = timedelta(seconds=settings.OPS_HEARTBEAT_MAX_AGE_SECONDS)
    if newest is None:
        return {"ok": False, "last_seen": None, "detail": "No worker has reported yet."}
    fresh = now - newest.seen_at <= limit
    check = {"ok": fresh, "last_seen": newest.seen_at.isoformat()}
    if not fresh:
        check["detail"] = f"No worker heartbeat in the last {limit.seconds} seconds."
    return check


def readiness(now=None):
    """{"database": {...}, "cache": {...}, "worker": {...}}, each with "ok"; errors become ok false."""
    now = now or timezone.now()
    checks = {}
    for name, check in (
        ("database", _database),
        ("cache", _cache),
        ("worker", lambda: _worker(now)),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - a readiness probe reports, it does not raise
            checks[name] = {"ok": False, "detail": type(exc).__name__}
    return checks
