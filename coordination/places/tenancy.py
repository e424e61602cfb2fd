"""Tenancy: every place-owned model inherits PlaceScoped and is only read through the place scope.

The guard fails closed: PlaceScoped's manager is a django-scopes ScopedManager, so a query on a
place-owned model raises ScopeError unless a place scope is active (the middleware activates one for
every place URL, tasks use ``with place_scope(place)``) or the caller names the place explicitly with
``Model.objects.for_place(place)``.
"""

from contextlib import contextmanager

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = [
    "PlaceScoped",
    "PlaceScopedQuerySet",
    "place_scope",
    "place_scoped_manager",
    "scopes_disabled",
]


class PlaceScopedQuerySet(models.QuerySet):
    def for_place(self, place):
        return self.filter(place=place)


class _PlaceScopedBaseManager(models.Manager.from_queryset(PlaceScopedQuerySet)):
    def for_place(self, place):
        """Rows of one place, whatever scope is active: the explicit way in."""
        if place is None:
            raise ValueError("for_place() needs a place")
        return self.with_scope(place=place).get_queryset()


def place_scoped_manager(queryset_class=PlaceScopedQuerySet):
    """A fail-closed manager for a PlaceScoped model, optionally with its own queryset methods."""
    return ScopedManager(
        place="place", _manager_class=_PlaceScopedBaseManager.from_queryset(queryset_class)
    )


class PlaceScoped(models.Model):
    """Abstract base of every tenant-owned model: a non-null place and a fail-closed manager."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = place_scoped_manager()

    class Meta:
        abstract = True

    @property
    def place_slug(self):
        """The place's slug for this row's links, without reading the place row by row."""
        from .selectors import place_slug

        return place_slug(self.place_id)

    # Django checks unique fields and constraints through the default manager: do it inside this row's place.
    def validate_unique(self, exclude=None):
        with scope(place=self.place_id):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with scope(place=self.place_id):
            super().validate_constraints(exclude=exclude)


@contextmanager
def place_scope(place):
    """Run a block (a request, a task, a command) inside one place's scope; logs name the place."""
    from coordination import log_context

    with scope(place=place), log_context.bound(log_context.place, place.slug):
        yield
