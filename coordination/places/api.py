"""API: the places (public), each place's areas (public, read-only), and the places' published
figures compared (public)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from coordination.api.filters import KnownParametersFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from . import comparison, selectors
from .models import Area, AreaKind
from .serializers import AreaSerializer, ComparisonSerializer, PlaceSerializer


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


class ComparisonView(GenericAPIView):
    """Every active place's published figures side by side, as the public /compare/ page shows
    them: each measure with each place's value (null when it has no data yet)."""

    serializer_class = ComparisonSerializer
    permission_classes = [AllowAny]
    partner_keys_allowed = True  # public: the same answer for everyone
    pagination_class = None
    filter_backends = []

    @extend_schema(responses={200: ComparisonSerializer}, tags=["places"])
    def get(self, request):
        places, groups = comparison.comparison()
        slugs = [place.slug for place in places]
        measures = [
            {
                "key": measure.key,
                "label": str(measure.label),
                "group": str(group),
                "unit": measure.unit,
                "values": [
                    {"place": slug, "value": value, "text": str(text)}
                    for slug, (value, text) in zip(slugs, row, strict=True)
                ],
            }
            for group, rows in groups
            for measure, row in rows
        ]
        body = {"places": [{"slug": p.slug, "name": p.name} for p in places], "measures": measures}
        return Response(self.get_serializer(body).data)
