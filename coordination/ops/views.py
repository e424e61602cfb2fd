"""/readyz: 200 when the database, the cache and a worker are all there, else 503, as JSON.
/metrics: Prometheus's text format for a scraper holding METRICS_TOKEN (coordination.ops.metrics).
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from . import metrics
from .selectors import readiness


@never_cache
def readyz(request):
    checks = readiness()
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@never_cache
def metrics_view(request):
    if not metrics.enabled():
        raise Http404("Metrics are off (no METRICS_TOKEN).")
    if not metrics.token_is_valid(request.headers.get("Authorization", "")):
        response = HttpResponse("Send Authorization: Bearer <METRICS_TOKEN>.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    return HttpResponse(metrics.exposition(), content_type=metrics.CONTENT_TYPE_LATEST)
