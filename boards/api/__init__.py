"""API for boards: read what the person may see in the place; submit report-backs and ideas.

Every queryset comes from boards.selectors with the request's person, so a private board, meeting,
paper or action is the same 404 as a missing one.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter, InstantFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.serializers import prefetched

from . import permissions, selectors, services
from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    BoardKind,
    BoardMembership,
    DeclarationOfInterest,
    InterestKind,
    Meeting,
    MinutesStatus,
    Position,
    Proposal,
    ProposalStatus,
    Recommendation,
    ReportBack,
    ReportBackStatus,
    Sector,
    Vote,
    VoteChoice,
)
from .serializers import (
    ActionProgressSerializer,
    ActionSerializer,
    AgendaItemSerializer,
    BoardMembershipSerializer,
    BoardSerializer,
    DeclarationSerializer,
    MeetingCancelSerializer,
    MeetingSerializer,
    ProposalAnswerSerializer,
    ProposalSerializer,
    RecommendationResponseSerializer,
    ReportBackSerializer,
    VoteSerializer,
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


class MeetingFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    starts_after = InstantFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = InstantFilter(field_name="starts_at", lookup_expr="lt")
    is_public = django_filters.BooleanFilter()
    minutes_status = django_filters.ChoiceFilter(choices=MinutesStatus.choices)

    class Meta:
        model = Meeting
        fields = ["board", "is_public", "minutes_status"]


def _unknown(field, pk):
    """The answer for an object the person may not see: the same as for one that does not exist."""
    return serializers.ValidationError({field: [f'Invalid pk "{pk}" - object does not exist.']})


class MeetingViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Meetings the person may see; minutes appear once published; cancelled ones stay listed
    with ``cancelled_at`` and the reason.

    A board's chair, vice-chair or secretary (or a coordinator) schedules (POST), changes or
    reschedules (PATCH) and cancels (POST …/cancel/) its meetings. Times are ISO 8601; a meeting
    ending before it starts is a 400 on ``ends_at``.
    """

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at"]
    ordering = ["starts_at"]
    place_actions = {
        **READ,
        "create": "take_part_in_boards",
        "update": "take_part_in_boards",
        "partial_update": "take_part_in_boards",
        "cancel": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.meetings_visible_to(place, self.request.user)

    def _fields(self, serializer):
        return {k: v for k, v in serializer.validated_data.items() if k in services.MEETING_FIELDS}

    def perform_create(self, serializer):
        board = serializer.validated_data["board"]
        if not permissions.can_see_board(self.request.user, board):
            raise _unknown("board", board.pk)
        if not permissions.can_manage_board(self.request.user, board):
            raise PermissionDenied
        meeting = services.meeting_create(
            place=self.place, actor=self.request.user, board=board, **self._fields(serializer)
        )
        serializer.instance = self.reread(meeting)

    def perform_update(self, serializer):
        meeting = serializer.instance
        if not permissions.can_manage_board(self.request.user, meeting.board):
            raise PermissionDenied
        meeting = services.meeting_update(
            place=self.place, actor=self.request.user, meeting=meeting, **self._fields(serializer)
        )
        serializer.instance = self.reread(meeting)

    @extend_schema(request=MeetingCancelSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel a meeting that has not started; members and people registered are told."""
        meeting = self.get_object()
        if not permissions.can_manage_board(request.user, meeting.board):
            raise PermissionDenied
        data = MeetingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.meeting_cancel(
            place=self.place, actor=request.user, meeting=meeting, reason=data.data["reason"]
        )
        return Response(self.get_serializer(self.reread(meeting)).data)


class AgendaItemFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Meeting id")

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
            .prefetch_related(prefetched("papers", papers))
        )


class ActionFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    meeting = IdFilter(field_name="meeting_id", label="Meeting id")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["board", "meeting", "status", "due_before"]


class ActionViewSet(ReadOnlyPlaceViewSet):
    """Actions of the boards where the person sees private business (members and coordinators),
    and the person's own actions.

    The owner, or whoever runs the board, records progress with POST …/progress/: a new status, a
    progress note, or both.
    """

    model = Action
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["due_on", "status"]
    ordering = ["due_on", "pk"]
    place_actions = {**READ, "progress": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.actions_visible_to(place, self.request.user)

    @extend_schema(request=ActionProgressSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, *args, **kwargs):
        """Change the status or add a progress note (at least one of them)."""
        item = self.get_object()
        if not permissions.can_update_action(request.user, item):
            raise PermissionDenied
        data = ActionProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.action_update(
            place=self.place,
            actor=request.user,
            action=item,
            status=data.validated_data.get("status"),
            note=data.validated_data.get("note", ""),
        )
        return Response(self.get_serializer(self.reread(item)).data)


class ReportBackFilter(django_filters.FilterSet):
    subgroup = IdFilter(field_name="subgroup_id", label="Subgroup id")
    parent_meeting = IdFilter(field_name="parent_meeting_id", label="Parent meeting id")
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
    place_actions = {**READ, "create": "take_part_in_boards", "respond": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.report_backs_visible_to(place, self.request.user).prefetch_related(
            prefetched("recommendations", Recommendation.objects.for_place(place))
        )

    @extend_schema(request=RecommendationResponseSerializer, responses={200: ReportBackSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, *args, **kwargs):
        """The parent board's response to one recommendation (its chair, vice-chair, secretary
        or a coordinator); the subgroup sees it on the report-back."""
        report_back = self.get_object()
        if not permissions.can_respond_to_report_back(request.user, report_back):
            raise PermissionDenied
        data = RecommendationResponseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = report_back.recommendations.filter(
            pk=data.validated_data["recommendation"]
        ).first()
        if recommendation is None:
            raise _unknown("recommendation", data.validated_data["recommendation"])
        services.recommendation_respond(
            place=self.place,
            actor=request.user,
            recommendation=recommendation,
            response_status=data.validated_data["response_status"],
            response=data.validated_data.get("response", ""),
        )
        return Response(self.get_serializer(self.reread(report_back)).data)

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
    board = IdFilter(field_name="board_id", label="Community board id")
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
    place_actions = {
        **READ,
        "create": "take_part_in_boards",
        "support": "take_part_in_boards",
        "answer": "take_part_in_boards",
    }

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

    @extend_schema(request=ProposalAnswerSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, *args, **kwargs):
        """The board's answer (its chair, vice-chair, secretary or a coordinator): a status, the
        answer shown to everyone, and for "not taken forward" the reason (else a 400)."""
        proposal = self.get_object()
        if not permissions.can_manage_board(request.user, proposal.board):
            raise PermissionDenied
        data = ProposalAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.proposal_answer(
            place=self.place,
            actor=request.user,
            proposal=proposal,
            status=data.validated_data["status"],
            answer=data.validated_data.get("answer", ""),
            reason=data.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(self.reread(proposal)).data)


class DeclarationFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Meeting id")
    agenda_item = IdFilter(field_name="agenda_item_id", label="Agenda item id")
    member = IdFilter(field_name="member_id", label="Member (person) id")
    kind = django_filters.ChoiceFilter(choices=InterestKind.choices)

    class Meta:
        model = DeclarationOfInterest
        fields = ["meeting", "agenda_item", "member", "kind"]


class DeclarationViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Declarations of interest at the meetings of the boards the person sees: each member's
    register of interests (public for a public board). A member declares their own (POST); the
    board's chair, vice-chair or secretary (or a coordinator) records anyone's. A declaration on an
    item bars that member's vote on it."""

    model = DeclarationOfInterest
    serializer_class = DeclarationSerializer
    filterset_class = DeclarationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.declarations_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        meeting = selectors.get_meeting_for(self.place, self.request.user, data["meeting"].pk)
        if meeting is None:
            raise _unknown("meeting", data["meeting"].pk)
        if not permissions.can_speak_for(self.request.user, meeting.board, data["member"]):
            raise PermissionDenied
        declaration = services.declaration_record(
            place=self.place,
            actor=self.request.user,
            meeting=meeting,
            member=data["member"],
            agenda_item=data.get("agenda_item"),
            kind=data["kind"],
            nature=data["nature"],
        )
        serializer.instance = self.reread(declaration)


class VoteFilter(django_filters.FilterSet):
    agenda_item = IdFilter(field_name="agenda_item_id", label="Agenda item id")
    member = IdFilter(field_name="member_id", label="Member (person) id")
    choice = django_filters.ChoiceFilter(choices=VoteChoice.choices)

    class Meta:
        model = Vote
        fields = ["agenda_item", "member", "choice"]


class VoteViewSet(ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Members' votes on agenda items (fund applications) at the meetings the person sees.

    POST records one: by the member, or by whoever runs the board. A member who declared an
    interest in the item, someone without a voting seat, or a second vote is a 400."""

    model = Vote
    serializer_class = VoteSerializer
    filterset_class = VoteFilter
    ordering_fields = ["created_at"]
    ordering = ["agenda_item", "created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.votes_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        item = selectors.get_agenda_item_for(self.place, self.request.user, data["agenda_item"].pk)
        if item is None:
            raise _unknown("agenda_item", data["agenda_item"].pk)
        if not permissions.can_speak_for(self.request.user, item.meeting.board, data["member"]):
            raise PermissionDenied
        vote = services.vote_record(
            place=self.place,
            actor=self.request.user,
            agenda_item=item,
            member=data["member"],
            choice=data["choice"],
        )
        serializer.instance = self.reread(vote)
