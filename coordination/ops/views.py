"""/readyz: 200 when the database, the cache and a worker are all there, else 503, as JSON."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .selectors import readiness


@never_cache
def readyz(request):
    checks = readiness()
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
