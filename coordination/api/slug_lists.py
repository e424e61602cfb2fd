"""The slugs of an object's many-to-many links, read in the object's own row.

The API shows themes, areas and communities as lists of slugs. Prefetching them costs a query and
a model instance per linked row for each relation; a correlated subquery in the row's SELECT gives
the same list for the cost of an index lookup: ``ARRAY(SELECT slug ...)`` on PostgreSQL, a JSON
array on SQLite. ``PlaceSlugRelatedField(many=True)`` reads ``<field name>_slugs`` when the
queryset carries it (see ``with_slug_lists``) and falls back to the relation otherwise.
"""

import json

from django.db import NotSupportedError
from django.db.models import F, Field, OuterRef, Subquery

SUFFIX = "_slugs"


class SlugListField(Field):
    """A list of strings as the database returns it: a list (PostgreSQL) or JSON text (SQLite)."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, str):
            return json.loads(value)
        return list(value)


class SlugList(Subquery):
    """``related`` (a queryset of the linked model, already scoped to the place) narrowed to the
    rows linked to the outer row through ``link`` (the linked model's query name for the outer
    model), ordered by ``order_by``; one column: ``field``."""

    def __init__(self, related, link, *, field="slug", order_by=("name",)):
        # The linked rows in the order shown: what a Prefetch of the relation would read.
        self.rows = related.order_by(*order_by)
        queryset = self.rows.filter(**{link: OuterRef("pk")}).values(item=F(field))
        super().__init__(queryset, output_field=SlugListField())

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="ARRAY(%(subquery)s)", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "(SELECT json_group_array(linked.item) FROM (%(subquery)s) linked)"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("Slug lists are built for PostgreSQL and SQLite only.")


def with_slug_lists(queryset, **relations):
    """``queryset`` with ``<name>_slugs`` for each ``name=SlugList(...)``, and without the
    prefetches it carries: a selector's prefetches of the links these lists replace. Add any
    other prefetch after this call."""
    queryset = queryset.prefetch_related(None)
    return queryset.annotate(**{f"{name}{SUFFIX}": expr for name, expr in relations.items()})
