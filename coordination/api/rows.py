"""API reads answered from plain rows: ``.values()`` and an explicit function per endpoint.

DRF's serializer builds an answer field by field for each object (a model instance, then each
field's ``get_attribute`` and ``to_representation``): most of the CPU of a list. A viewset with
``RowReads`` answers ``list`` and ``retrieve`` from value rows instead, turned into the answer's
dicts by a plain function written for that endpoint; its serializer still validates writes,
answers them, and describes the answer in the OpenAPI schema. The formats below are DRF's
defaults for each kind of field, so both ways give the same bytes
(``tests/api/test_representation.py`` compares them for every list and detail).
"""

import decimal
from collections import defaultdict

from django.utils import timezone
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.reverse import reverse

from coordination.links import address_maker

from .filters import updated_field


class RowReads:
    """For a PlaceScopedViewSetMixin viewset: ``list`` and ``retrieve`` read value rows.

    Set ``row_fields`` (the columns and annotations the answer needs, including every field the
    list may be ordered by) and write ``answers(rows)``, which turns a page of rows into the
    answers' dicts in the same order with a number of queries that does not depend on the rows'.
    """

    row_fields = ()
    # Off: the serializer answers reads too (the representation test compares the two ways).
    answer_from_rows = True

    def rows(self, queryset):
        # A selector's prefetches are for model instances; the answer reads its nested lists
        # itself, in a query per list for the whole page.
        return queryset.prefetch_related(None).values(*self.row_fields)

    def answers(self, rows):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        if not self.answer_from_rows:
            return super().list(request, *args, **kwargs)
        rows = self.rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(self.answers(list(rows)))
        return self.get_paginated_response(self.answers(page))

    def retrieve(self, request, *args, **kwargs):
        if not self.answer_from_rows:
            return super().retrieve(request, *args, **kwargs)
        # What GenericAPIView.get_object does, for a row.
        queryset = self.rows(self.filter_queryset(self.get_queryset()))
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        row = get_object_or_404(queryset, **{self.lookup_field: self.kwargs[lookup_url_kwarg]})
        self.check_object_permissions(request, row)
        field = updated_field(self, queryset.model)
        self._last_modified = row.get(field) if field else None
        return Response(self.answers([row])[0])

    def address_of(self, view_name, lookup="pk"):
        """``value -> the API address of the row``, as PlaceHyperlinkedIdentityField gives it."""
        place, request, format = self.place, self.request, self.format_kwarg
        return address_maker(
            lambda value: reverse(
                view_name,
                kwargs={"place_slug": place.slug, lookup: value},
                request=request,
                format=format,
            )
        )


# DRF's default representations (REST_FRAMEWORK leaves the formats as they are).


def instant(value, zone):
    """A DateTimeField's: ISO 8601 in the current time zone (``zone``), UTC as ``Z``."""
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def current_zone():
    return timezone.get_current_timezone()


def day(value):
    """A DateField's."""
    return value.isoformat() if value else None


def decimal_text(value, places, digits):
    """A DecimalField's (``decimal_places``, ``max_digits``): a string with exactly ``places``."""
    if value is None:
        return None
    context = decimal.getcontext().copy()
    context.prec = digits
    return f"{value.quantize(decimal.Decimal(1).scaleb(-places), context=context):f}"


def text(value):
    """A CharField's (and EmailField's, URLField's, ChoiceField's for string choices)."""
    return None if value is None else str(value)


def grouped(rows, key):
    """``{row[key]: [rows in their order]}``: a nested list's rows read for a whole page."""
    found = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return found
