"""The API's fair-share rate limits, which keep counting while the shared cache is out of reach.

They count in the shared cache (Redis when REDIS_URL is set), so a budget holds across every web
process. When that cache cannot be reached, a request is counted in this web process's memory
instead of failing: each process then allows up to the whole budget, so the limit is looser (by
the number of processes) until Redis is back, but the API keeps serving and is still limited.
These limits share capacity fairly; they protect no secret. The limits that guard passwords (the
token exchange in auth.py, allauth's sign-in limits) stay on the shared cache alone and answer 503
without it (coordination/ops/outage.py), so an outage never makes guessing unlimited.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

from coordination.ops.outage_errors import CACHE_ERRORS

logger = logging.getLogger(__name__)

# This process's counts while the shared cache is away (a bounded, thread-safe cache).
_process_counts = LocMemCache("inplace-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})


class OutageTolerantThrottle:
    """Mixin for SimpleRateThrottle subclasses: count in this process when the cache is away."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            logger.warning(
                "Rate limit %s counted in this process: the cache is unavailable (%s)",
                type(self).__name__,
                exc,
            )
            self.cache = _process_counts
            return super().allow_request(request, view)


class AnonRateThrottle(OutageTolerantThrottle, throttling.AnonRateThrottle):
    pass
