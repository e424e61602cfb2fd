"""Site-wide error handlers: the API's JSON error shape under /api/, the HTML pages elsewhere."""

from django.utils.translation import gettext as _
from django.views import defaults

from coordination.api.errors import api_error_response, is_api_path


def server_error(request):
    if is_api_path(request.path_info):
        return api_error_response(
            500, _("Something went wrong on our side. It has been logged; please try again later.")
        )
    return defaults.server_error(request)


def bad_request(request, exception):
    if is_api_path(request.path_info):
        return api_error_response(400, _("The request could not be understood."))
    return defaults.bad_request(request, exception)
