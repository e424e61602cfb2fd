"""The one way an API view reaches place-owned objects: through ``request.place``.

A viewset using PlaceScopedViewSetMixin builds its queryset from ``get_place_queryset(place)``
(``Model.objects.for_place(place)`` or a selector), so an identifier from another place is the
same 404 as one that does not exist, and writes are authorised by PlacePermission.
"""

import datetime
import threading
from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework.filters import OrderingFilter

from coordination.compiled import CompiledObject, CompiledRows

from .filters import updated_field
from .permissions import PlacePermission


class LeastRecentlyUsed:
    """At most ``size`` values built once and kept per process, the least recently used dropped
    first when a new one comes; safe to share between a worker's threads (two threads may both
    build a missing value: either is kept, both are right)."""

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, build):
        """The value kept for ``key``, else ``build()``, kept."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
                return value
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self):
        return len(self._values)

    def clear(self):
        with self._lock:
            self._values.clear()


# (viewset class, what, place id) -> a queryset built for the place (never evaluated), or its
# SQL compiled for one object or the first page: a few per viewset and place, some tens of KB
# each. (viewset class, place id, audience) -> one object's compiled SQL for querysets that also
# depend on who asks (compiled_detail_key).
_built_per_place = LeastRecentlyUsed(512)
_compiled_per_audience = LeastRecentlyUsed(256)


class PlaceScopedViewSetMixin:
    """For viewsets under /api/v1/places/<place_slug>/.

    Set ``model`` (for the default queryset and the schema) or override ``get_place_queryset``;
    declare ``place_actions`` for PlacePermission.
    """

    model = None
    permission_classes = [PlacePermission]
    place_actions = {}
    # True where get_place_queryset reads nothing but the place (not the person, not the
    # request): the queryset is then built once per place and process and copied for each
    # request, as DRF copies a view's class-level ``queryset`` (building one with its slug lists
    # and prefetches costs more than running it for one object).
    queryset_per_place = False

    @property
    def place(self):
        place = getattr(self.request, "place", None)
        if place is None:
            # PlaceMiddleware sets it for every route with place_slug; a view reached without one
            # was wired wrongly, and must show nothing rather than everything.
            raise Http404(_("No such place."))
        return place

    def get_place_queryset(self, place):
        return self.model.objects.for_place(place)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no place
            return self.model.objects.none()
        if not self.queryset_per_place:
            return self.get_place_queryset(self.place)
        return self.built_per_place(self.get_place_queryset)

    def built_per_place(self, build):
        """A copy of ``build(place)``, a queryset that depends on nothing but the place, built
        once per place and process."""
        return self._once_per_place(build.__name__, build).all()

    def _once_per_place(self, name, build):
        place = self.place
        return _built_per_place.get((type(self), name, place.pk), lambda: build(place))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["place"] = self.place
        return context

    def filter_queryset(self, queryset):
        # With no query parameters the filter backends leave the rows as they are (a filterset
        # skips empty values, and none here has a required filter) but for the default ordering,
        # which means nothing to one object: a plain read skips building the filterset.
        if self.request.query_params:
            return super().filter_queryset(queryset)
        if getattr(self, "detail", False):
            return queryset
        for backend in self.filter_backends:
            if issubclass(backend, OrderingFilter):
                queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def get_object(self):
        if self._reads_compiled_detail():
            obj = self._compiled_object()
        else:
            obj = super().get_object()
        field = updated_field(self, type(obj))
        self._last_modified = getattr(obj, field, None) if field else None
        return obj

    def compiled_first_page(self, queryset):
        """The rows of ``queryset``, the first page of this view's list as the paginator cut it,
        read with SQL compiled once per place and process; None where the list is not a plain
        read (query parameters, a queryset that depends on who asks): the paginator then reads
        it as usual. Only the SQL is kept: each read asks the database."""
        if not self._reads_compiled_list():
            return None
        compiled = self._once_per_place("first page", lambda place: CompiledRows(queryset))
        return compiled.rows()

    def _reads_compiled_list(self):
        # Without query parameters the first page's queryset is the place's, in the default
        # ordering and page size: the same SQL for every request to this place.
        return (
            self.request.method in ("GET", "HEAD")
            and not self.request.query_params
            and self.queryset_per_place
            and type(self).get_queryset is PlaceScopedViewSetMixin.get_queryset
            and type(self).filter_queryset is PlaceScopedViewSetMixin.filter_queryset
        )

    def compiled_detail_key(self):
        """What ``get_place_queryset`` depends on besides the place, as a hashable value (people
        with the same key get the same SQL), or None where one object is not to be read with
        SQL compiled once. ``()`` for a queryset_per_place viewset."""
        return () if self.queryset_per_place else None

    def _reads_compiled_detail(self):
        # A plain read of one object (no query parameters to filter it, the default lookup by
        # id) of a queryset whose dependence on the request is known: its SQL, prefetches
        # included, is compiled once per place, key and process (coordination.compiled).
        return (
            self.request.method in ("GET", "HEAD")
            and not self.request.query_params
            and self.lookup_field == "pk"
            and type(self).filter_queryset is PlaceScopedViewSetMixin.filter_queryset
            and self.compiled_detail_key() is not None
        )

    def _compiled_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        compiled = self._compiled_detail()
        try:
            obj = compiled.get(value)
        except (TypeError, ValueError, ValidationError):
            obj = None  # as DRF's get_object_or_404: a malformed id finds nothing
        if obj is None:  # the 404 Django's get_object_or_404 gives, word for word
            model = compiled.queryset.model._meta.object_name
            raise Http404(f"No {model} matches the given query.")
        self.check_object_permissions(self.request, obj)
        return obj

    def _compiled_detail(self):
        audience = self.compiled_detail_key()
        if audience == ():
            return self._once_per_place(
                "get_object", lambda place: CompiledObject(self.get_place_queryset(place))
            )
        key = (type(self), self.place.pk, audience)
        return _compiled_per_audience.get(
            key, lambda: CompiledObject(self.get_place_queryset(self.place))
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        modified = getattr(self, "_last_modified", None)
        # Last-Modified has whole seconds: it is sent only once the second of the last change has
        # passed, so a second change in that same second can never hide behind a 304. (ETag, set
        # by ConditionalGetMiddleware from the body, covers every read.)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and modified is not None
            and timezone.now() - modified >= datetime.timedelta(seconds=1)
        ):
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def reread(self, obj):
        """The object as the place's queryset returns it (prefetches included) after a write."""
        return self.get_queryset().get(pk=obj.pk)
