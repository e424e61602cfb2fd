"""What people and partner systems are shown while the database, the cache or the broker cannot
be reached: a 503 with Retry-After (the styled 503.html page, or the API's one error shape under
/api/), never a 500.

A dropped connection or a server that is down is not a bug in the request: trying again later
will work. ``OutageMiddleware`` answers for exceptions raised in views (DRF passes on what its
handler does not know); Django turns an exception raised in a middleware (PlaceMiddleware reads the
place first) into handler500's response, so the site's handler500 asks ``service_outage`` too. What
the request was writing inside ``transaction.atomic`` was rolled back by the database with the
connection.

Most requests never reach this while only Redis is down: the API's fair-share rate limits count
in the web process meanwhile (coordination/api/throttling.py), and work queued on commit is left
to beat's tick or done in the request (coordination/ops/queueing.py). What is left is what must
not go on without Redis: the sign-in and token-exchange limits that guard passwords.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from coordination.api.errors import error_body, is_api_path

from .outage_errors import service_outage  # noqa: F401 - also for handler500

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def service_unavailable(request):
    if is_api_path(request.path_info):
        message = _("The service is unavailable for a moment. Nothing was changed; try again.")
        body = error_body(503, "service_unavailable", message, retry_after=RETRY_AFTER_SECONDS)
        response = JsonResponse(body, status=503)
    else:
        page = loader.get_template("503.html").render({"csp_nonce": _csp_nonce(request)})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """A view that met an outage answers 503 with Retry-After; the cause is logged, no traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not service_outage(exception):
            return None
        logger.warning(
            "Service unavailable for %s: %s: %s",
            request.path,
            type(exception).__name__,
            exception,
        )
        return service_unavailable(request)


def _csp_nonce(request):
    try:
        return str(getattr(request, "csp_nonce", ""))
    except Exception:  # noqa: BLE001 - the policy header went out already: the page is unstyled
        return ""
