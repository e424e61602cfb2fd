"""API: grant variations, for the grantee's and the funder's members only (anyone else gets the
same 404 as for a variation that does not exist)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin

from .. import selectors, services
from ..models import GrantVariation, VariationKind, VariationState
from ..serializers import GrantVariationSerializer, VariationDecisionSerializer


class GrantVariationFilter(django_filters.FilterSet):
    grant = IdFilter(field_name="grant_id", label="Grant (bid) id")
    state = django_filters.ChoiceFilter(choices=VariationState.choices)
    kind = django_filters.ChoiceFilter(choices=VariationKind.choices)

    class Meta:
        model = GrantVariation
        fields = ["grant", "state", "kind"]


class GrantVariationViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Changes asked for awarded grants you see in full: your organisation's, and those of your
    programmes.

    A leader of the grantee organisation asks for one kind of change (POST: a new purpose, a new
    end and/or spend-by date, or money moved between budget headings within the same total) and
    may withdraw it (…/withdraw/) until the funder decides. The programme's funder approves or
    refuses it (…/decide/, a reason required when refusing); approving a change of period moves
    the grant's end and spend-by dates. A grant has one open request at a time (400)."""

    model = GrantVariation
    serializer_class = GrantVariationSerializer
    filterset_class = GrantVariationFilter
    ordering_fields = ["requested_at", "decided_at"]
    ordering = ["-requested_at"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "view_place_home",
        "retrieve": "view_place_home",
        "create": "apply_for_funding",
        "withdraw": "apply_for_funding",
        "decide": "decide_bids",
    }

    def get_place_queryset(self, place):
        return selectors.variations_visible_to(self.request.user, place)

    def perform_create(self, serializer):
        variation = services.variation_request(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(variation)

    def _done(self, variation):
        return Response(self.get_serializer(self.reread(variation)).data)

    @extend_schema(request=None, responses=GrantVariationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        variation = self.get_object()
        services.variation_withdraw(place=self.place, actor=request.user, variation=variation)
        return self._done(variation)

    @extend_schema(request=VariationDecisionSerializer, responses=GrantVariationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        variation = self.get_object()
        payload = VariationDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.variation_decide(
            place=self.place, actor=request.user, variation=variation, **payload.validated_data
        )
        return self._done(variation)
