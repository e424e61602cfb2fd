"""The one way an API view reaches place-owned objects: through ``request.place``.

A viewset using PlaceScopedViewSetMixin builds its queryset from ``get_place_queryset(place)``
(``Model.objects.for_place(place)`` or a selector), so an identifier from another place is the
same 404 as one that does not exist, and writes are authorised by PlacePermission.
"""

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework.filters import OrderingFilter

from .filters import updated_field
from .permissions import PlacePermission


class PlaceScopedViewSetMixin:
    """For viewsets under /api/v1/places/<place_slug>/.

    Set ``model`` (for the default queryset and the schema) or override ``get_place_queryset``;
    declare ``place_actions`` for PlacePermission.
    """

    model = None
    permission_classes = [PlacePermission]
    place_actions = {}

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
        return self.get_place_queryset(self.place)

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
        obj = super().get_object()
        field = updated_field(self, type(obj))
        self._last_modified = getattr(obj, field, None) if field else None
        return obj

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
