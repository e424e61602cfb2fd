"""API: meetings and their agenda items with papers; whoever runs a board schedules, changes and
cancels its meetings.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter, InstantFilter
from coordination.api.serializers import prefetched

from .. import permissions, selectors, services
from ..models import AgendaItem, Meeting, MinutesStatus
from ..serializers import AgendaItemSerializer, MeetingCancelSerializer, MeetingSerializer
from ._common import READ, ReadOnlyPlaceViewSet, unknown


class MeetingFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    starts_after = InstantFilter(field_name="starts_at", lookup_expr="gte", label="Starts after")
    starts_before = InstantFilter(field_name="starts_at", lookup_expr="lt", label="Starts before")
    is_public = django_filters.BooleanFilter()
    minutes_status = django_filters.ChoiceFilter(choices=MinutesStatus.choices)

    class Meta:
        model = Meeting
        fields = ["board", "is_public", "minutes_status"]


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
            raise unknown("board", board.pk)
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
