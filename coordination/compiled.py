"""A lookup by one value whose SQL is worked out once, not on every request.

Reading one row through the ORM builds the query and compiles it to SQL each time; for the API's
hot reads (a token on every request, one object of a place's list) compiling costs several times
what the database spends answering. ``CompiledLookup(queryset, field)`` compiles
``queryset.filter(field=<value>)`` once per database, finds where the value sits among the SQL's
parameters, and from then on runs the same SQL with each new value in that place: the same rows,
select_related and annotations as the ORM's own evaluation, prefetches included.

Only the queryset ``filter(value)`` returns reads the compiled SQL. Anything built from it (a
further filter, ``count()``, ``exists()``, ``values()``) is an ordinary queryset again and
compiles itself, so chaining can never drop a condition. Where the value's position cannot be
found for certain (a queryset that compiles to nothing, a value appearing twice), every call
compiles as usual.

``CompiledIn(queryset, field)`` does the same for ``filter(field__in=values)`` (a page's
prefetches, whatever the number of values); ``CompiledObject`` reads one object with its list
prefetches, ``CompiledRows`` a whole queryset that has no parameter of its own (the first page of
a place's list), both with each query compiled once.
"""

import copy
import hashlib
import itertools
import re
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.db.models.lookups import Exact, In
from django.db.models.sql.query import Query
from django.db.models.sql.where import AND

# Values no real lookup uses, to find the lookup's parameter in the compiled SQL (the number
# fits a 32-bit column: Django compiles an out-of-range one to "no rows" instead).
_SENTINELS = {int: -2_000_000_017, str: "\x1finplace-compiled-lookup\x1f"}


class _Compiled(NamedTuple):
    kind: type  # of the values it was compiled for
    filtered: object  # the queryset filtered by the sentinel
    where_index: int  # its lookup's place in the WHERE
    compiler: object
    sql: str
    params: tuple
    param_index: int  # the value's place among the parameters
    at: int = -1  # where that parameter's placeholder is in the SQL (CompiledIn)


class CompiledLookup:
    """``queryset.filter(<field>=value)``, compiled once per database (``field`` is one of the
    model's own fields, looked up exactly; ``value`` an ``int`` or ``str``)."""

    _lookup, _lookup_class = "exact", Exact

    def __init__(self, queryset, field):
        self.queryset = queryset
        self.field = field
        meta = queryset.model._meta
        self._target = meta.pk if field == "pk" else meta.get_field(field)
        self._compiled = {}  # database alias -> _Compiled, or None where it cannot be

    def filter(self, value):
        """The rows whose ``field`` is ``value``, as ``queryset.filter(field=value)`` gives."""
        value = self._target.to_python(value)  # "12" -> 12 for an id, as the lookup would
        compiled = self._compiled_for(type(value))
        if compiled is None:
            return self.queryset.filter(**{self.field: value})
        params = list(compiled.params)
        params[compiled.param_index] = self._prepared(value, connections[self.queryset.db])
        return self._precompiled(compiled, value, compiled.sql, params)

    def _compiled_for(self, kind):
        alias = self.queryset.db
        if alias not in self._compiled:
            self._compiled[alias] = self._compile(alias, kind)
        compiled = self._compiled[alias]
        return compiled if compiled is not None and compiled.kind is kind else None

    @staticmethod
    def _rhs(value):
        return value  # what the lookup compares with: one value (a list of them for "in")

    def _precompiled(self, compiled, rhs, sql, params):
        # The filtered queryset again, its lookup holding ``rhs`` instead of the sentinel: what
        # filter() would build, without resolving the field and its joins once more.
        queryset = compiled.filtered._chain()
        children = queryset.query.where.children
        lookup = children[compiled.where_index]
        children[compiled.where_index] = type(lookup)(lookup.lhs, rhs)
        return _run_precompiled(queryset, compiled.compiler, sql, params)

    def _prepared(self, value, connection):
        # What the lookup passes to the database for ``value`` (Lookup.get_db_prep_lookup).
        target = self._target
        return target.get_db_prep_value(target.get_prep_value(value), connection, prepared=True)

    def _compile(self, alias, kind):
        if kind not in _SENTINELS or type(self.queryset.query) is not Query:
            return None
        sentinel = _SENTINELS[kind]
        filtered = self.queryset.filter(**{f"{self.field}__{self._lookup}": self._rhs(sentinel)})
        where = filtered.query.where
        wanted_rhs = self._rhs(self._target.get_prep_value(sentinel))
        found = [
            i
            for i, child in enumerate(where.children)
            if isinstance(child, self._lookup_class) and child.rhs == wanted_rhs
        ]
        if where.connector != AND or where.negated or len(found) != 1:
            return None
        compiler = filtered.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        wanted = self._prepared(sentinel, connections[alias])
        places = [i for i, param in enumerate(params) if param == wanted]
        if len(places) != 1:
            return None
        return _Compiled(kind, filtered, found[0], compiler, sql, tuple(params), places[0])


def _run_precompiled(queryset, compiler, sql, params):
    """``queryset`` (a copy of the compiled one's) made to run ``sql`` when evaluated."""
    queryset.query.__class__ = _PrecompiledQuery
    queryset.query.precompiled = (compiler, sql, tuple(params))
    return queryset


def _placeholders(sql):
    """Where each parameter's ``%s`` starts in ``sql`` (``%%`` is a literal percent sign)."""
    return [m.start() for m in _PLACEHOLDER.finditer(sql) if m.group(1) == "s"]


class CompiledIn(CompiledLookup):
    """``queryset.filter(<field>__in=values)``, compiled once per database: the rows whose
    ``field`` (one of the model's own fields; ``int`` or ``str`` values) is any of ``values``.

    PostgreSQL runs one statement whatever the number of values (``field = ANY(%s)`` with an
    array, so that it can be prepared once); other databases get ``IN (%s, ...)`` with as many
    placeholders as values, as Django writes it.
    """

    _lookup, _lookup_class = "in", In
    _OPENING, _CLOSING = " IN (", ")"

    def filter(self, values):
        values = list(dict.fromkeys(self._target.to_python(v) for v in values))
        if not values:
            return self.queryset.none()
        compiled = self._compiled_for(type(values[0]))
        if compiled is None or any(type(v) is not compiled.kind for v in values):
            return self.queryset.filter(**{f"{self.field}__in": values})
        connection = connections[self.queryset.db]
        prepared = [self._prepared(v, connection) for v in values]
        sql, params, index = compiled.sql, list(compiled.params), compiled.param_index
        if connection.vendor == "postgresql":
            params[index] = prepared
        else:  # "IN (%s)" -> "IN (%s, %s, ...)"
            sql = sql[: compiled.at] + ", ".join(["%s"] * len(values)) + sql[compiled.at + 2 :]
            params[index : index + 1] = prepared
        return self._precompiled(compiled, values, sql, params)

    @staticmethod
    def _rhs(value):
        return [value]

    def _compile(self, alias, kind):
        compiled = super()._compile(alias, kind)
        if compiled is None:
            return None
        sql = compiled.sql
        at = _placeholders(sql)[compiled.param_index]
        opening = sql.rfind(self._OPENING, 0, at)
        if opening + len(self._OPENING) != at or not sql.startswith(self._CLOSING, at + 2):
            return None  # not the "IN (%s)" Django writes for one value
        if connections[alias].vendor == "postgresql":
            sql = f"{sql[:opening]} = ANY(%s){sql[at + 2 + len(self._CLOSING) :]}"
        return compiled._replace(sql=sql, at=at)


class _PrecompiledQuery(Query):
    """A query whose SQL was compiled before: evaluating it runs that SQL. Its clones (every
    queryset derived from it) are plain queries again."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        template, sql, params = self.precompiled
        compiler = copy.copy(template)  # select, klass_info and converters as compiled
        compiler.connection = connections[using] if using else connection
        compiler.using = using
        compiler.as_sql = lambda *args, **kwargs: _statement(compiler.connection, sql, params)
        return compiler

    def clone(self):
        obj = super().clone()
        obj.__class__ = Query
        del obj.precompiled
        return obj


class _Prefetches:
    """A queryset's prefetches, done for a list of its objects.

    A prefetch of a one-to-many relation into a list (``Prefetch(name, queryset=...,
    to_attr=...)``, as ``coordination.api.serializers.prefetched`` makes) is a ``CompiledIn`` of
    its queryset by the relation's key: each object gets the same rows in the same order, each
    row knowing its object, as Django's own prefetch sets them. Other prefetches run as Django
    runs them.
    """

    def __init__(self, queryset):
        self._lists = []  # (to_attr, the relation's foreign key, CompiledIn)
        self._others = []
        for lookup in queryset._prefetch_related_lookups:
            compiled = self._compiled_list(queryset.model, lookup)
            if compiled is None:
                self._others.append(lookup)
            else:
                self._lists.append(compiled)

    @staticmethod
    def _compiled_list(model, lookup):
        if not isinstance(lookup, Prefetch) or lookup.queryset is None or not lookup.to_attr:
            return None
        if LOOKUP_SEP in lookup.prefetch_through:
            return None
        try:
            relation = model._meta.get_field(lookup.prefetch_through)
        except FieldDoesNotExist:
            return None
        if not (relation.auto_created and relation.one_to_many):
            return None
        key = relation.field
        return lookup.to_attr, key, CompiledIn(lookup.queryset, key.name)

    def apply(self, objects):
        if not objects:
            return
        for to_attr, key, lookup in self._lists:
            by_key = {}
            for row in lookup.filter([obj.pk for obj in objects]):
                by_key.setdefault(getattr(row, key.attname), []).append(row)
            for obj in objects:
                related = by_key.get(obj.pk, [])
                for row in related:
                    if not key.is_cached(row):
                        key.set_cached_value(row, obj)
                setattr(obj, to_attr, related)
        if self._others:
            prefetch_related_objects(objects, *self._others)


class CompiledObject:
    """One object of ``queryset`` by id, with its prefetches, each query compiled once: the row
    is a ``CompiledLookup`` by id, its list prefetches ``CompiledIn``s (``_Prefetches``)."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._row = CompiledLookup(queryset.prefetch_related(None), "pk")
        self._prefetches = _Prefetches(queryset)

    def get(self, value):
        """The object whose id is ``value``, or None."""
        rows = list(self._row.filter(value))
        if len(rows) != 1:
            return None
        self._prefetches.apply(rows)
        return rows[0]


class CompiledRows:
    """Every row of ``queryset`` (its slice included), with its prefetches, each query compiled
    once per database: for a queryset with no parameter that changes between reads (the first
    page of a place's list, which depends on the place alone). Each read asks the database: the
    rows are never kept, only the SQL."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._plain = queryset.prefetch_related(None)
        self._prefetches = _Prefetches(queryset)
        self._compiled = {}  # database alias -> (compiler, SQL, parameters), or None

    def rows(self):
        alias = self._plain.db
        if alias not in self._compiled:
            self._compiled[alias] = self._compile(alias)
        compiled = self._compiled[alias]
        if compiled is None:
            queryset = self._plain.all()
        else:
            queryset = _run_precompiled(self._plain._chain(), *compiled)
        rows = list(queryset)
        self._prefetches.apply(rows)
        return rows

    def _compile(self, alias):
        if type(self._plain.query) is not Query:
            return None
        compiler = self._plain.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return compiler, sql, tuple(params)


# SQL that PostgreSQL would not prepare (a parameter whose type it cannot work out): run as is.
_UNPREPARABLE = set()
_PLACEHOLDER = re.compile(r"%(%|s)")
_SEEN_ONCE = object()


def _statement(connection, sql, params):
    """``sql`` as a statement PostgreSQL has prepared on this connection: ``EXECUTE name(...)``.

    A compiled lookup's SQL is the same on every request, so PostgreSQL need not plan it every
    time (planning a detail's query with its joins and slug lists costs more than running it).
    Each connection prepares a statement the second time it runs it, through the driver's own
    cursor (not a query of the request's), and only outside a transaction, where a refusal
    cannot spoil the rest. A new connection (after a restart or a lost one) prepares afresh.
    SQLite, and SQL PostgreSQL will not prepare, run as they are; so does everything with
    ``PREPARED_STATEMENTS=false`` (for a connection pooler that shares one server connection
    between clients transaction by transaction).
    """
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or not settings.PREPARED_STATEMENTS
    ):
        return sql, params
    connection.ensure_connection()
    raw = connection.connection
    state = connection.__dict__.get("_inplace_prepared")
    if state is None or state[0] is not raw:
        state = connection._inplace_prepared = (raw, {})
    prepared = state[1]
    name = prepared.get(sql)
    if name is None:
        # Prepared from its second run on a connection: one that lives for a single request
        # (CONN_MAX_AGE=0) would only pay for preparing.
        prepared[sql] = _SEEN_ONCE
        return sql, params
    if name is _SEEN_ONCE:
        if sql in _UNPREPARABLE:
            return sql, params
        numbers = itertools.count(1)
        numbered = _PLACEHOLDER.sub(
            lambda m: "%" if m.group(1) == "%" else f"${next(numbers)}", sql
        )
        name = "inplace_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
        try:
            with raw.cursor() as cursor:
                cursor.execute(f"PREPARE {name} AS {numbered}")
        except connection.Database.Error:  # the driver's own error: PostgreSQL said no
            _UNPREPARABLE.add(sql)
            return sql, params
        prepared[sql] = name
    if not params:
        return f"EXECUTE {name}", params
    return f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params
