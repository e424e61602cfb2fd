"""One JSON error shape for every API error, whoever raises it.

    {"error": {"status": 400, "code": "invalid", "message": "A human summary.",
               "fields": {"email": ["Enter a valid email address."]}}}

``fields`` appears only for validation errors (one list of messages per field; nested fields are
joined with dots, ``areas.0``); ``retry_after`` (seconds) only on 429, and on 503 when the
database, the cache or the broker cannot be reached (coordination/ops/outage.py). DRF's
exceptions, Django's Http404 / PermissionDenied / ValidationError and the domain's RuleViolation
all come out this way.
Errors raised before DRF runs (an unknown place in the URL, an unknown /api/ address) use the same
shape through ``api_error_response``: PlaceMiddleware calls it for /api/ paths, and the last route
in coordination/api/urls.py answers every unmatched /api/ address with ``not_found``.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from coordination.api.serializers import Serializer

API_PREFIX = "/api/"

# Codes for the statuses whose DRF exceptions carry no code of their own (or for non-DRF errors).
_DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


class ErrorDetailSerializer(Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="A stable machine-readable code: invalid, parse_error, not_authenticated, "
        "authentication_failed, permission_denied, mfa_required, not_found, "
        "method_not_allowed, not_acceptable, too_large, unsupported_media_type, throttled, "
        "service_unavailable."
    )
    message = serializers.CharField(help_text="A summary for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors only: the messages for each field that was not accepted.",
    )
    retry_after = serializers.IntegerField(
        required=False,
        help_text="429 and 503 only: seconds to wait before trying again (also in Retry-After).",
    )


class ErrorSerializer(Serializer):
    """The body of every error response (documents the shape; never used to parse input)."""

    error = ErrorDetailSerializer()


def error_body(status, code, message, *, fields=None, retry_after=None):
    body = {"status": status, "code": code, "message": force_str(message)}
    if fields:
        body["fields"] = fields
    if retry_after is not None:
        body["retry_after"] = retry_after
    return {"error": body}


def api_error_response(status, message, *, code=None):
    """An error in the API's shape for code that runs outside DRF (middleware, plain views)."""
    return JsonResponse(
        error_body(status, code or _DEFAULT_CODES.get(status, "error"), message), status=status
    )


def is_api_path(path):
    return path.startswith(API_PREFIX)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """The answer to every /api/ address that matches no route."""
    return api_error_response(404, _("There is nothing at this address. The API root is /api/v1/."))


def _flatten(detail, prefix=""):
    """Turn DRF's nested error detail into {"field.sub": ["message", ...]}."""
    flat = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = "non_field_errors" if key == NON_FIELD_ERRORS else str(key)
            name = f"{prefix}.{key}" if prefix else key
            flat.update(_flatten(value, name))
    elif isinstance(detail, (list, tuple)):
        if all(not isinstance(item, (dict, list, tuple)) for item in detail):
            if detail:
                flat.setdefault(prefix, []).extend(force_str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat.setdefault(prefix, []).append(force_str(detail))
    return flat


def _validation_body(status, detail):
    flat = _flatten(detail if isinstance(detail, (dict, list)) else [detail])
    general = flat.pop(api_settings.NON_FIELD_ERRORS_KEY, []) + flat.pop("", [])
    if general:
        message = " ".join(general)
    elif flat:
        message = _("Some of what was sent was not accepted: %(fields)s.") % {
            "fields": ", ".join(flat)
        }
    else:
        message = _("The request was not valid.")
    return error_body(status, "invalid", message, fields=flat)


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's own handling (headers, rollback), then our shape."""
    if isinstance(exc, DjangoValidationError):  # includes RuleViolation from the services
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django report it
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(status, exc.detail)
        return response
    detail = exc.detail
    code = exc.get_codes()
    if not isinstance(code, str):
        code = _DEFAULT_CODES.get(status, "error")
    message = (
        detail if isinstance(detail, str) and detail else _("The request could not be completed.")
    )
    wait = getattr(exc, "wait", None)
    response.data = error_body(
        status, code, message, retry_after=int(wait) if wait is not None else None
    )
    return response


class RefuseNulBytesMiddleware:
    """A NUL byte in an /api/ address or query is a 400, never a database error.

    PostgreSQL cannot store or compare text containing NUL (psycopg raises before the query runs),
    so a filter, search or slug carrying one would otherwise end as a 500. Request bodies are
    checked by the serializers (DRF's CharField refuses NUL characters).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            message = _("Contains a NUL character, which no field takes.")
            fields = {
                name.replace("\x00", "")[:100] or "query": [message]
                for name, values in request.GET.lists()
                if "\x00" in name or any("\x00" in v for v in values)
            }
            if fields or "\x00" in request.path:
                return JsonResponse(
                    error_body(400, "invalid", _("The request was not valid."), fields=fields),
                    status=400,
                )
        return self.get_response(request)
