"""Keyset ("cursor") pagination for every API list: stable under inserts, constant cost per page.

A page is ``{"next": <url or null>, "results": [...]}``. ``next`` carries an opaque ``cursor``
that encodes the last row's values for the list's whole ordering, with the primary key appended
so that no two rows tie; the next page is "rows after that position", one indexed query, however
deep the client has read. Rows created or changed while a client pages through never make it skip
or repeat a row it has not yet seen (an edited row may move, which ``updated_since`` then finds).

Unlike DRF's CursorPagination (which keys on the first ordering field only and gives up on long
runs of equal values past an offset cut-off) this keys on every field, so ordering by ``status``
over 100,000 rows is as exact as ordering by ``id``. Nullable fields sort nulls last ascending and
first descending, on PostgreSQL and SQLite alike. The cursor is tied to the ordering it was made
for: a cursor reused with another ``ordering`` is a 400, as is one that was tampered with.
"""

import base64
import binascii
import datetime
import decimal
import json
import uuid
from collections import OrderedDict

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

from coordination import jsonlimits

CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page_size"
MAX_PAGE_SIZE = 200


def _encode_value(value):
    # Full precision: a millisecond-rounded timestamp would repeat the last row of a page.
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


class _Key:
    """One column of the ordering: its lookup path, direction and how to read and parse it."""

    def __init__(self, model, term):
        self.descending = term.startswith("-")
        name = term.lstrip("-")
        if name == "pk":
            name = model._meta.pk.name
        self.path, self.field, self.nullable = name, None, True
        try:
            parts, current, nullable = name.split("__"), model, False
            for index, part in enumerate(parts):
                field = current._meta.get_field(part)
                nullable = nullable or field.null
                if field.is_relation and index < len(parts) - 1:
                    current = field.related_model
                    continue
                if field.is_relation:
                    # A foreign key orders by the related model's ordering; key on the stored id,
                    # which can be compared.
                    parts[index], field = field.attname, field.target_field
                self.field = field
            self.path, self.nullable = "__".join(parts), nullable
        except FieldDoesNotExist:
            pass  # an annotation: compared as given, assumed nullable

    def order_expression(self):
        if not self.nullable:
            return f"-{self.path}" if self.descending else self.path
        if self.descending:
            return F(self.path).desc(nulls_first=True)
        return F(self.path).asc(nulls_last=True)

    def read(self, obj):
        if isinstance(obj, dict):  # a value row (coordination.api.rows): the column itself
            return obj[self.path]
        value = obj
        for part in self.path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def parse(self, raw):
        if raw is None or self.field is None:
            return raw
        try:
            return self.field.to_python(raw)
        except (DjangoValidationError, TypeError, ValueError) as exc:
            raise ValueError(raw) from exc

    def equal(self, value):
        return Q(**{f"{self.path}__isnull": True}) if value is None else Q(**{self.path: value})

    def after(self, value):
        """Rows strictly after ``value`` in this column's order, or None when there are none."""
        if self.descending:
            if value is None:  # nulls come first descending: every non-null row follows
                return Q(**{f"{self.path}__isnull": False})
            return Q(**{f"{self.path}__lt": value})
        if value is None:  # nulls come last ascending: nothing follows in this column
            return None
        after = Q(**{f"{self.path}__gt": value})
        return after | Q(**{f"{self.path}__isnull": True}) if self.nullable else after


class KeysetPagination(BasePagination):
    page_size = api_settings.PAGE_SIZE or 50

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        keys = self._keys(queryset)
        signature = [k.path if not k.descending else f"-{k.path}" for k in keys]
        queryset = queryset.order_by(*[k.order_expression() for k in keys])
        position = self._decode(request, keys, signature)
        if position is not None:
            queryset = queryset.filter(self._after(keys, position))
        rows = list(queryset[: self.page_size + 1])
        page = rows[: self.page_size]
        self.next_cursor = None
        if len(rows) > self.page_size:
            last = page[-1]
            values = [_encode_value(k.read(last)) for k in keys]
            self.next_cursor = self._encode(signature, values)
        return page

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("results", data)]))

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, CURSOR_PARAM, self.next_cursor)

    def get_first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), CURSOR_PARAM)

    # Parts

    def _page_size(self, request):
        raw = request.query_params.get(PAGE_SIZE_PARAM)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {PAGE_SIZE_PARAM: [_("Enter a whole number from 1 to %d.") % MAX_PAGE_SIZE]}
            )
        return size

    @staticmethod
    def _keys(queryset):
        model = queryset.model
        terms = [t for t in queryset.query.order_by if isinstance(t, str)]
        if not terms and len(queryset.query.order_by) == 0:
            terms = [t for t in (model._meta.ordering or []) if isinstance(t, str)]
        keys = [_Key(model, t) for t in terms if t.lstrip("-") not in {"?"}]
        pk_name = model._meta.pk.name
        if not any(k.path in {pk_name, model._meta.pk.attname} for k in keys):
            keys.append(_Key(model, "pk"))
        return keys

    @staticmethod
    def _after(keys, position):
        condition = Q(pk__in=[])
        for index, key in enumerate(keys):
            after = key.after(position[index])
            if after is None:
                continue
            term = after
            for earlier, value in zip(keys[:index], position[:index], strict=False):
                term &= earlier.equal(value)
            condition |= term
        return condition

    @staticmethod
    def _encode(signature, values):
        raw = json.dumps({"o": signature, "v": values}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, request, keys, signature):
        raw = request.query_params.get(CURSOR_PARAM)
        if not raw:  # none, or empty (a client's template with no position yet): the first page
            return None
        invalid = ValidationError(
            {
                CURSOR_PARAM: [
                    _(
                        "This cursor is not valid here: use the `next` link exactly as given, "
                        "with the same ordering and filters."
                    )
                ]
            }
        )
        try:
            padded = raw + "=" * (-len(raw) % 4)
            # A cursor is an object holding a list of values: deep nesting is never one of ours.
            body = jsonlimits.loads(base64.urlsafe_b64decode(padded.encode("ascii")), max_depth=4)
            values = body["v"]
            if body["o"] != signature or len(values) != len(keys):
                raise invalid
            return [key.parse(value) for key, value in zip(keys, values, strict=True)]
        except (
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            binascii.Error,
            json.JSONDecodeError,
        ) as exc:
            raise invalid from exc

    # Schema

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                    "example": "https://inplace.example.org/api/v1/places/sutton/services/"
                    "?cursor=eyJvIjpbIm5hbWUiLCJpZCJdLCJ2IjpbIkZvb2QiLDQyXX0",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "required": False,
                "in": "query",
                "description": _(
                    "Opaque position from a previous page's `next` link; keep the same ordering "
                    "and filters. Empty or left out: the first page."
                ),
                # What every `next` link carries (unpadded base64url); any other value is a 400.
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "required": False,
                "in": "query",
                "description": _("Rows per page, 1 to %d (default %d).")
                % (MAX_PAGE_SIZE, self.page_size),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
