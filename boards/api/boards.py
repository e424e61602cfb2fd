"""API: the boards a person may see in the place, and the seats on them."""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from coordination.api.filters import IdFilter

from .. import selectors
from ..models import Board, BoardKind, BoardMembership, Position, Sector
from ..serializers import BoardMembershipSerializer, BoardSerializer
from ._common import ReadOnlyPlaceViewSet


class BoardFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices)
    parent = IdFilter(field_name="parent_id", label="Parent board id")
    area = django_filters.CharFilter(field_name="area__slug", label="Slug of the area it serves")
    # Every filter is declared: generating one from the model would query outside a place scope.
    is_public = django_filters.BooleanFilter()

    class Meta:
        model = Board
        fields = ["kind", "parent", "is_public", "area"]


class BoardViewSet(ReadOnlyPlaceViewSet):
    """Recovery boards, thematic subgroups, community boards and partnership groups.

    Private boards are listed only for their members, their parent board's members and coordinators.
    """

    model = Board
    serializer_class = BoardSerializer
    filterset_class = BoardFilter
    ordering_fields = ["name", "kind", "created_at"]
    ordering = ["name"]

    def get_place_queryset(self, place):
        return selectors.boards_visible_to(place, self.request.user)


class BoardMembershipFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    position = django_filters.ChoiceFilter(choices=Position.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = BoardMembership
        fields = ["board", "position", "sector"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "current",
                bool,
                description="false: past seats too, with the date each ended (default true).",
            )
        ]
    )
)
class BoardMembershipViewSet(ReadOnlyPlaceViewSet):
    """Seats on the boards the person may see: position, sector, organisation, start and end."""

    model = BoardMembership
    serializer_class = BoardMembershipSerializer
    filterset_class = BoardMembershipFilter
    ordering_fields = ["started_on", "position"]
    ordering = ["board", "position", "pk"]
    extra_query_parameters = ("current",)  # read below, documented above

    def get_place_queryset(self, place):
        boards = selectors.boards_visible_to(place, self.request.user).values("pk")
        seats = BoardMembership.objects.for_place(place).filter(board__in=boards)
        if self.request.query_params.get("current", "true").lower() not in ("false", "0", "no"):
            seats = seats.current()
        return seats.select_related("user", "organisation")
