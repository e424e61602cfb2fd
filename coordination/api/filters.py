"""Filter backends every API list shares: incremental sync, and no silently ignored parameters.

``updated_since`` returns the rows changed at or after an instant (inclusive, so a row saved in
the same microsecond as the client's last sync is sent again rather than missed). A view names the
field with ``updated_field``; by default it is the model's ``updated_at``, where it has one.

``KnownParametersFilter`` refuses a query parameter the operation does not document (a typo in a
filter name would otherwise return every row, which a sync job would take for the truth). It runs
last and asks the other backends and the paginator which parameters they read.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

UPDATED_SINCE = "updated_since"
# Read by DRF itself (content negotiation) rather than by a filter.
ALWAYS_ALLOWED = {"format"}


# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number in a database's range (not a decimal that overflows it).

    Documented as exactly that, so a client (or a schema-driven test) never sends 0 or 1.5 in
    the belief that it is allowed.
    """

    field_class = IdField


class InstantField(IsoDateTimeField):
    """An ISO 8601 instant, in UTC: PostgreSQL refuses offsets beyond +/-15:59 (ISO allows
    more), and an instant past year 9999 in UTC is not one a database holds."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class InstantFilter(django_filters.IsoDateTimeFilter):
    """Rows before or after an instant given in ISO 8601 with any offset."""

    field_class = InstantField


def updated_field(view, model):
    name = getattr(view, "updated_field", "updated_at")
    if name is None or model is None:
        return None
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return name


def parse_instant(raw):
    """An ISO 8601 date or date-time; a time without an offset is UTC. None if not valid."""
    raw = raw.strip()
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    try:
        # In UTC: PostgreSQL refuses offsets beyond +/-15:59, which ISO 8601 allows.
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last representable instant
        return None


class UpdatedSinceFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        field = updated_field(view, queryset.model)
        raw = request.query_params.get(UPDATED_SINCE)
        if field is None or raw is None:
            return queryset
        moment = parse_instant(raw) if "\x00" not in raw else None
        if moment is None:
            raise ValidationError(
                {
                    UPDATED_SINCE: [
                        _("Enter a date and time in ISO 8601 form, such as 2026-11-25T09:30:00Z.")
                    ]
                }
            )
        return queryset.filter(**{f"{field}__gte": moment})

    def get_schema_operation_parameters(self, view):
        model = getattr(view, "model", None) or getattr(
            getattr(view, "queryset", None), "model", None
        )
        if updated_field(view, model) is None:
            return []
        return [
            {
                "name": UPDATED_SINCE,
                "required": False,
                "in": "query",
                "description": _(
                    "Only rows changed at or after this instant (ISO 8601; UTC when no offset is "
                    "given). For incremental sync: keep the newest `updated_at` you have seen and "
                    "send it next time."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


def _filterset_parameters(backend, view, queryset):
    filterset_class = backend.get_filterset_class(view, queryset)
    if filterset_class is None:
        return set()
    names = set()
    for name, field in filterset_class(queryset=queryset).form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)  # range widgets read name_min, name_max
        names |= {f"{name}_{s}" if s else name for s in suffixes} if suffixes else {name}
    return names


def unknown_parameters_error(unknown, allowed):
    """The 400 for query parameters an operation does not take, naming those it does."""
    message = _("Unknown query parameter. This operation accepts: %(names)s.") % {
        "names": ", ".join(sorted(allowed)) or _("none")
    }
    return ValidationError({name[:100]: [message] for name in unknown})


class KnownParametersFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        allowed = self.allowed(view, queryset)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise unknown_parameters_error(unknown, allowed)
        return queryset

    # The names depend only on the view's class and action, and working them out builds a
    # filterset form (deep copies of every filter): once per class and action, not per request.
    _allowed_cache: dict = {}

    @classmethod
    def allowed(cls, view, queryset):
        key = (type(view), getattr(view, "action", None), queryset.model)
        names = cls._allowed_cache.get(key)
        if names is None:
            names = cls._allowed_cache[key] = frozenset(cls._work_out_allowed(view, queryset))
        return names

    @staticmethod
    def _work_out_allowed(view, queryset):
        names = set(ALWAYS_ALLOWED) | set(getattr(view, "extra_query_parameters", ()))
        for backend in view.filter_backends:
            if backend is KnownParametersFilter:
                continue
            if issubclass(backend, DjangoFilterBackend):
                names |= _filterset_parameters(backend(), view, queryset)
                continue
            names |= {p["name"] for p in backend().get_schema_operation_parameters(view)}
        # The paginator reads its parameters on lists only; a detail read takes none of them.
        if getattr(view, "action", None) == "list" and view.paginator is not None:
            names |= {p["name"] for p in view.paginator.get_schema_operation_parameters(view)}
        return names
