"""What people and partner systems are shown while the database cannot be reached: a 503 with
Retry-After (the styled 503.html page, or the API's one error shape under /api/), never a 500.

A dropped connection or a database that is down is not a bug in the request: trying again later
will work. Django turns every exception, in a view or in a middleware (PlaceMiddleware reads the
place first), into handler500's response, so the site's handler500 asks ``database_unavailable``
about the exception being handled and answers with ``service_unavailable``. What the request was
writing inside ``transaction.atomic`` was rolled back by the database with the connection.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from coordination.api.errors import error_body, is_api_path

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc):
    """True for Django's errors for a database that cannot be reached or a connection lost."""
    return isinstance(exc, (OperationalError, InterfaceError))


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


def _csp_nonce(request):
    try:
        return str(getattr(request, "csp_nonce", ""))
    except Exception:  # noqa: BLE001 - the policy header went out already: the page is unstyled
        return ""
