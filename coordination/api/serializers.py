"""Serializer bases whose fields are worked out once per class, not on every request.

DRF builds a serializer's fields on each instantiation: a ``ModelSerializer`` re-reads its model's
fields and re-derives each field's class and arguments, then every field is deep-copied (its
arguments too, querysets included). What comes out depends only on the class, so these bases
keep the first result as templates and give each instance new fields made from the templates'
own arguments: the same classes and arguments, built by the same ``__init__``s, without the work
of finding them. Subclasses that override ``get_fields`` (to narrow a queryset or make a field
read-only for a request) still do so on every instance's own new fields.
"""

import copy

from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject


def _rebuild(field):
    """A new, unbound field like ``field``: same class, same arguments (fields among the
    arguments, such as a list's ``child``, rebuilt the same way)."""
    args = [_rebuild(a) if isinstance(a, Field) else a for a in field._args]
    kwargs = {k: _rebuild(v) if isinstance(v, Field) else v for k, v in field._kwargs.items()}
    return type(field)(*args, **kwargs)


# Where DRF's fields keep the fields they hold, bound to themselves by their __init__.
_HELD = ("child_relation", "child")


def _from_template(field):
    """A new field like the template ``field``, an unbound field of a serializer class.

    Fields are copied: the template is never bound, so its copy holds just what ``__init__`` set
    up from the same arguments, and what ``bind`` and later steps add lands on the copy alone.
    A field it holds (a many-relation's ``child_relation``, a list's ``child``) is copied too
    and held by the copy, as ``__init__`` would bind a new one. Serializers, and fields holding
    fields anywhere else, are built anew by ``_rebuild``."""
    if isinstance(field, serializers.BaseSerializer):
        return _rebuild(field)
    held = {name: value for name in _HELD if isinstance(value := field.__dict__.get(name), Field)}
    arguments = (*field._args, *field._kwargs.values())
    if any(isinstance(a, Field) and a not in held.values() for a in arguments):
        return _rebuild(field)
    new = copy.copy(field)
    for name, value in held.items():
        if value.parent is not field:
            return _rebuild(field)
        copied = _from_template(value)
        copied.parent = new
        setattr(new, name, copied)
    return new


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


class _FieldsWorkedOutOnce:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Nested with many=True, these serializers read rows that prefetched() put aside.
        meta = getattr(cls, "Meta", None)
        if meta is None:
            cls.Meta = type("Meta", (), {"list_serializer_class": _RowsFirstListSerializer})
        elif not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = _RowsFirstListSerializer

    def get_fields(self):
        cls = type(self)
        templates = cls.__dict__.get("_field_templates")
        if templates is None:
            templates = super().get_fields()
            cls._field_templates = templates
        return {name: _from_template(field) for name, field in templates.items()}


class _ColumnsReadDirectly:
    """DRF's ``to_representation``, with a field that shows one of the model's own columns as it
    is stored (no dotted source, no custom ``get_attribute``) read straight off the row: what
    DRF's general attribute lookup does for such a field, without its per-row steps; text, whole
    numbers and booleans, which DRF would give back unchanged, are not passed through it at all."""

    def to_representation(self, instance):
        steps = self.__dict__.get("_steps")
        if steps is None:
            columns = {f.attname for f in self.Meta.model._meta.concrete_fields}
            steps = self._steps = [
                (field, _column_of(field, columns), _shown_as_it_is(field))
                for field in self._readable_fields
            ]
            for field, _column, _kind in steps:
                # The time zone a date-time is shown in is the request's, the same for every
                # row: asked once, not for each value.
                if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
                    field.timezone = field.default_timezone()
        if not isinstance(instance, self.Meta.model):
            return super().to_representation(instance)
        ret = {}
        for field, column, kind in steps:
            if column is not None:
                value = getattr(instance, column)
                if value is None or type(value) is kind:
                    ret[field.field_name] = value
                else:
                    ret[field.field_name] = field.to_representation(value)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            if check_for_none is None:
                ret[field.field_name] = None
            else:
                ret[field.field_name] = field.to_representation(attribute)
        return ret


# Fields whose to_representation gives back a value of this exact type as it is: str(text),
# int(number) and a boolean's True or False.
_AS_IT_IS = {
    serializers.CharField.to_representation: str,
    serializers.IntegerField.to_representation: int,
    serializers.BooleanField.to_representation: bool,
}


def _shown_as_it_is(field):
    """The type of value ``field`` shows unchanged (nothing to call per row), or None."""
    return _AS_IT_IS.get(type(field).to_representation)


def _column_of(field, columns):
    if type(field).get_attribute is not Field.get_attribute or len(field.source_attrs) != 1:
        return None
    return field.source_attrs[0] if field.source_attrs[0] in columns else None


class Serializer(_FieldsWorkedOutOnce, serializers.Serializer):
    pass


class ModelSerializer(_ColumnsReadDirectly, _FieldsWorkedOutOnce, serializers.ModelSerializer):
    pass
