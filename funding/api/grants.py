"""API: grants awarded in a place and the published figures, public."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from .. import selectors, services
from ..models import Bid
from ..serializers import GrantSerializer, PlaceFiguresSerializer


class GrantViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Grants awarded in this place: public. Declined, live and withdrawn bids are never here."""

    model = Bid
    serializer_class = GrantSerializer
    ordering = ["-decided_at"]
    ordering_fields = ["decided_at", "amount_awarded"]
    lookup_value_converter = "int"
    place_actions = {"list": PUBLIC, "retrieve": PUBLIC, "figures": PUBLIC}

    def get_place_queryset(self, place):
        return selectors.awarded_grants(place)

    @extend_schema(responses=PlaceFiguresSerializer)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request, *args, **kwargs):
        """The published figures for the place and for each funder with a programme here."""
        stored = selectors.stored_figures(services.figures_snapshot_of(self.place))
        data = {
            "place": stored.figures,
            "burden": stored.burden,
            "funders": [
                {
                    "funder": funder,
                    "figures": figures,
                    "burden": stored.burden_of.get(funder.pk) or selectors.no_burden(),
                }
                for funder, figures in stored.funder_figures
            ],
        }
        return Response(PlaceFiguresSerializer(data).data)
