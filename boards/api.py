"""API for boards: read what the person may see in the place; submit report-backs and ideas.

Every queryset comes from boards.selectors with the request's person, so a private board, meeting,
paper or action is the same 404 as a missing one.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from . import permissions, selectors, services
from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    BoardKind,
    BoardMembership,
    Meeting,
    MinutesStatus,
    Position,
    Proposal,
    ProposalStatus,
    ReportBack,
    ReportBackStatus,
    Sector,
)
from .serializers import (
    ActionSerializer,
    AgendaItemSerializer,
    BoardMembershipSerializer,
    BoardSerializer,
    MeetingSerializer,
    ProposalSerializer,
    ReportBackSerializer,
)

READ = {"list": PUBLIC, "retrieve": PUBLIC}


class ReadOnlyPlaceViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"
    place_actions = READ


class BoardFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices)
    parent = django_filters.NumberFilter(field_name="parent_id", label="Parent board id")
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
    board = django_filters.NumberFilter(field_name="board_id", label="Board id")
    position = django_filters.ChoiceFilter(choices=Position.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = BoardMembership
        fields = ["board", "position", "sector"]


class BoardMembershipViewSet(ReadOnlyPlaceViewSet):
    """Current seats on the boards the person may see: position, sector, organisation, dates."""

    model = BoardMembership
    serializer_class = BoardMembershipSerializer
    filterset_class = BoardMembershipFilter
    ordering_fields = ["started_on", "position"]
    ordering = ["board", "position", "pk"]

    def get_place_queryset(self, place):
        boards = selectors.boards_visible_to(place, self.request.user).values("pk")
        return (
            BoardMembership.objects.for_place(place)
            .current()
            .filter(board__in=boards)
            .select_related("user", "organisation")
        )


class MeetingFilter(django_filters.FilterSet):
    board = django_filters.NumberFilter(field_name="board_id", label="Board id")
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    is_public = django_filters.BooleanFilter()
    minutes_status = django_filters.ChoiceFilter(choices=MinutesStatus.choices)

    class Meta:
        model = Meeting
        fields = ["board", "is_public", "minutes_status"]


class MeetingViewSet(ReadOnlyPlaceViewSet):
    """Meetings the person may see; minutes appear once published."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at"]
    ordering = ["starts_at"]

    def get_place_queryset(self, place):
        return selectors.meetings_visible_to(place, self.request.user)


class AgendaItemFilter(django_filters.FilterSet):
    meeting = django_filters.NumberFilter(field_name="meeting_id", label="Meeting id")

    class Meta:
        model = AgendaItem
        fields = ["meeting"]


class AgendaItemViewSet(ReadOnlyPlaceViewSet):
    """Agenda items with their papers; private papers only for those who may read them."""

    model = AgendaItem
    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter
    ordering_fields = ["order"]
    ordering = ["meeting", "order", "pk"]

    def get_place_queryset(self, place):
        user = self.request.user
        papers = selectors.papers_visible_to(place, user).order_by("uploaded_at", "pk")
        return (
            AgendaItem.objects.for_place(place)
            .filter(meeting__in=selectors.meetings_visible_to(place, user).values("pk"))
            .select_related("owner")
            .prefetch_related(Prefetch("papers", queryset=papers))
        )


class ActionFilter(django_filters.FilterSet):
    board = django_filters.NumberFilter(field_name="board_id", label="Board id")
    meeting = django_filters.NumberFilter(field_name="meeting_id", label="Meeting id")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["board", "meeting", "status", "due_before"]


class ActionViewSet(ReadOnlyPlaceViewSet):
    """Actions of the boards where the person sees private business (members and coordinators)."""

    model = Action
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["due_on", "status"]
    ordering = ["due_on", "pk"]

    def get_place_queryset(self, place):
        return selectors.actions_visible_to(place, self.request.user)


class ReportBackFilter(django_filters.FilterSet):
    subgroup = django_filters.NumberFilter(field_name="subgroup_id", label="Subgroup id")
    parent_meeting = django_filters.NumberFilter(
        field_name="parent_meeting_id", label="Parent meeting id"
    )
    status = django_filters.ChoiceFilter(choices=ReportBackStatus.choices)

    class Meta:
        model = ReportBack
        fields = ["subgroup", "parent_meeting", "status"]


class ReportBackViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Subgroups' report-backs to their parent board, with the board's response to each
    recommendation.

    POST submits one (as the subgroup's chair, vice-chair or secretary, or a coordinator): it goes
    on the parent meeting's agenda at once. A meeting of any board but the subgroup's parent is a
    400 on ``parent_meeting``.
    """

    model = ReportBack
    serializer_class = ReportBackSerializer
    filterset_class = ReportBackFilter
    ordering_fields = ["due_at"]
    ordering = ["due_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.report_backs_visible_to(place, self.request.user).prefetch_related(
            "recommendations"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        subgroup = data["subgroup"]
        if not permissions.can_see_board(self.request.user, subgroup):
            # The same answer as for an id that does not exist: a private subgroup stays unknown.
            raise serializers.ValidationError(
                {"subgroup": [f'Invalid pk "{subgroup.pk}" - object does not exist.']}
            )
        if not permissions.can_manage_board(self.request.user, subgroup):
            raise PermissionDenied
        report_back = services.report_back_open(
            place=self.place,
            actor=self.request.user,
            subgroup=subgroup,
            parent_meeting=data["parent_meeting"],
        )
        services.report_back_submit(
            place=self.place,
            actor=self.request.user,
            report_back=report_back,
            summary=data["summary"],
            progress=data.get("progress", ""),
            asks=data.get("asks", ""),
            recommendations=data.get("recommendation_texts", []),
        )
        serializer.instance = self.reread(report_back)


class ProposalFilter(django_filters.FilterSet):
    board = django_filters.NumberFilter(field_name="board_id", label="Community board id")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = Proposal
        fields = ["board", "status"]


class ProposalViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Residents' ideas for community boards, with the board's answer and the number of supporters.

    Any member of the place may propose (POST) and support (POST …/support/, once per person).
    """

    model = Proposal
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["created_at", "support_count", "status_changed_at"]
    ordering = ["-created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards", "support": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.proposals_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        if selectors.get_board_for(self.place, self.request.user, data["board"].pk) is None:
            raise PermissionDenied
        proposal = services.proposal_create(
            place=self.place,
            actor=self.request.user,
            board=data["board"],
            title=data["title"],
            description=data["description"],
        )
        serializer.instance = self.reread(proposal)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def support(self, request, *args, **kwargs):
        """Support an idea: once per person; a second time is a 400."""
        proposal = self.get_object()
        services.proposal_support(place=self.place, actor=request.user, proposal=proposal)
        return Response(self.get_serializer(self.reread(proposal)).data, status=status.HTTP_200_OK)
