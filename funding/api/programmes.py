"""API: funders' programmes running in a place (public); funders add and change their own."""

import django_filters
from rest_framework import mixins, viewsets

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from .. import selectors, services
from ..models import FundingType, Programme
from ..serializers import ProgrammeSerializer


class ProgrammeFilter(django_filters.FilterSet):
    funding_type = django_filters.ChoiceFilter(choices=FundingType.choices)
    funder = IdFilter(field_name="funder_id", label="Funder organisation id")

    class Meta:
        model = Programme
        fields = ["funding_type", "funder"]


class ProgrammeViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Funders' programmes running in this place. Funders add and change their own."""

    model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["title", "deadline", "opens_on", "created_at"]
    ordering = ["title"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "manage_programmes",
        "update": "manage_programmes",
        "partial_update": "manage_programmes",
    }

    def get_place_queryset(self, place):
        return selectors.programmes_in_place(place).prefetch_related("places")

    def perform_create(self, serializer):
        programme = services.programme_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(programme)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        programme = Programme.objects.get(pk=serializer.instance.pk)
        services.programme_update(
            place=self.place,
            actor=self.request.user,
            programme=programme,
            themes=data.pop("themes", None),
            places=data.pop("places", None),
            **data,
        )
        serializer.instance = self.reread(programme)
