"""Site-wide error handlers: the API's JSON error shape under /api/, the HTML pages elsewhere."""

import sys

from csp.exceptions import CSPNonceError
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coordination import text_limits
from coordination.api.errors import api_error_response, is_api_path
from coordination.ops.outage import service_outage, service_unavailable


def server_error(request):
    # Called while Django handles the exception: a lost database, cache or broker is a 503.
    if service_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    if is_api_path(request.path_info):
        return api_error_response(
            500, _("Something went wrong on our side. It has been logged; please try again later.")
        )
    # Django's own handler renders 500.html with no context; ours passes the response's CSP nonce so
    # the page's <style> is allowed. Nothing else: the page must render whatever went wrong.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"csp_nonce": _csp_nonce(request)}))


def _csp_nonce(request):
    try:
        return str(getattr(request, "csp_nonce", ""))
    except CSPNonceError:  # the header was already written: the page goes out unstyled
        return ""


def bad_request(request, exception):
    """A request Django refused before any view read it (with DEBUG off): a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, anything else a 400.

    The pages are standalone like 500.html: the request may be the one thing that is broken (its
    form data cannot be read again, its Host may be refused), so they read nothing from it.
    """
    too_large = isinstance(exception, RequestDataTooBig)
    if is_api_path(request.path_info):
        if too_large:
            return api_error_response(
                413,
                _("The request body is larger than %(limit)s bytes.")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
                code="too_large",
            )
        return api_error_response(400, _("The request could not be understood."))
    context = {"csp_nonce": _csp_nonce(request)}
    if too_large:
        context["request_limit"] = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        context["longest"] = f"{text_limits.longest_typed():,}"
    template = loader.get_template("413.html" if too_large else "400.html")
    return HttpResponse(template.render(context), status=413 if too_large else 400)
