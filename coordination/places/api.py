"""API: the places (public) and each place's areas (public, read-only)."""

import django_filters
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny

from coordination.api.filters import KnownParametersFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from . import selectors
from .models import Area, AreaKind
from .serializers import AreaSerializer, PlaceSerializer


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    """The places in InPlace. Everything a place owns is under /api/v1/places/{place_slug}/."""

    serializer_class = PlaceSerializer
    permission_classes = [AllowAny]
    partner_keys_allowed = True  # public: the same list for everyone
    filter_backends = [OrderingFilter, KnownParametersFilter]
    ordering_fields = ["name", "slug"]
    ordering = ["name"]
    lookup_field = "slug"
    lookup_url_kwarg = "place_slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return selectors.active_places()

    def get_object(self):
        # PlaceMiddleware has resolved the slug (404 for unknown or inactive places).
        return self.request.place


class AreaFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices)

    class Meta:
        model = Area
        fields = ["kind"]


class AreaViewSet(PlaceScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Wards, localities and community-board areas of a place. An area is addressed by its slug."""

    model = Area
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    ordering_fields = ["name", "kind", "slug"]
    ordering = ["kind", "name"]
    lookup_field = "slug"
    lookup_value_converter = "slug"
    place_actions = {"list": PUBLIC, "retrieve": PUBLIC}

    def get_place_queryset(self, place):
        return selectors.areas_for_place(place)
