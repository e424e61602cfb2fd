"""Serializer fields that stay inside the request's place.

A related field's choices come from the place of the request, never from a class-level queryset:
another place's id or slug fails validation with "does not exist" and no link is made.
"""

from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.reverse import reverse

from coordination.links import address_maker

from .slug_lists import SUFFIX


class _PlaceScopedRelatedMixin:
    def __init__(self, *, model, place_queryset, **kwargs):
        # The model's empty queryset tells the schema generator the target; the real choices
        # are built per request by place_queryset(place).
        self.place_queryset = place_queryset
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        place = self.context.get("place")
        if place is None:
            return self.queryset.none()  # no place, no choices: fail closed
        return self.place_queryset(place)


class PlacePrimaryKeyRelatedField(_PlaceScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    """A link by id to an object of the request's place."""


class _SlugListManyField(serializers.ManyRelatedField):
    """Many links by slug; reads the row's ``<name>_slugs`` list when the queryset has it
    (``coordination.api.slug_lists.with_slug_lists``), the relation otherwise."""

    def get_attribute(self, instance):
        slugs = getattr(instance, self.source + SUFFIX, None)
        if slugs is not None:
            return _Slugs(slugs)
        return super().get_attribute(instance)

    def to_representation(self, iterable):
        if isinstance(iterable, _Slugs):
            return list(iterable)
        return super().to_representation(iterable)


class _Slugs(list):
    """Slugs read from the row: already what the answer shows."""


class PlaceSlugRelatedField(_PlaceScopedRelatedMixin, serializers.SlugRelatedField):
    """A link by slug to an object of the request's place."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({k: v for k, v in kwargs.items() if k in MANY_RELATION_KWARGS})
        return _SlugListManyField(**list_kwargs)


class PlaceHyperlinkedIdentityField(serializers.HyperlinkedIdentityField):
    """The API address of an object under /api/v1/places/<place_slug>/."""

    def get_url(self, obj, view_name, request, format):
        place = self.context.get("place") or getattr(obj, "place", None)
        if place is None or getattr(obj, "pk", None) is None:
            return None
        value = getattr(obj, self.lookup_field)
        # A list's rows differ only in the lookup: reverse once per request and place.
        key = (view_name, place.slug, request, format)
        if getattr(self, "_address_for", None) != key:
            self._address = address_maker(
                lambda v: reverse(
                    view_name,
                    kwargs={"place_slug": place.slug, self.lookup_url_kwarg: v},
                    request=request,
                    format=format,
                )
            )
            self._address_for = key
        return self._address(value)


class RelatedNameField(serializers.CharField):
    """The ``name`` of the related object of the same name, read only; ``if_none`` (null by
    default) without one.

    Unlike CharField(source="owner.name", default=None), which DRF leaves out of the answer to a
    PATCH (it skips defaults in partial updates), this is always there, as the schema says.
    """

    def __init__(self, *, if_none=None, **kwargs):
        self.if_none = if_none
        kwargs.setdefault("allow_null", if_none is None)
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        related = getattr(instance, self.field_name)
        return related.name if related is not None else self.if_none
