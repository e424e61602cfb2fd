"""Serializer bases for the API: DRF's own, whose nested lists read rows prefetched into plain
lists (``prefetched``) when the queryset has them.
"""

from django.db.models import Prefetch
from rest_framework import serializers

ROWS = "_rows"


def prefetched(lookup, queryset):
    """A Prefetch of ``lookup`` into a plain list, ``<lookup>_rows``, which a nested list of these
    serializers (``source`` the relation) reads before the relation. Prefetched into the
    relation itself, Django builds a filtered queryset for every object of the page to hold its
    rows: for 50 tenders with their timelines, lots and criteria, a third of the answer's time."""
    return Prefetch(lookup, queryset=queryset, to_attr=lookup + ROWS)


class _RowsFirstListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        if len(self.source_attrs) == 1:
            rows = getattr(instance, self.source_attrs[0] + ROWS, None)
            if rows is not None:
                return rows
        return super().get_attribute(instance)


class _NestedListsReadRowsFirst:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Nested with many=True, these serializers read rows that prefetched() put aside.
        meta = getattr(cls, "Meta", None)
        if meta is None:
            cls.Meta = type("Meta", (), {"list_serializer_class": _RowsFirstListSerializer})
        elif not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = _RowsFirstListSerializer


class Serializer(_NestedListsReadRowsFirst, serializers.Serializer):
    pass


class ModelSerializer(_NestedListsReadRowsFirst, serializers.ModelSerializer):
    pass
