"""API: decisions taken at meetings, by the board's rule; corrected only by amendment."""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action

from coordination.api.filters import IdFilter

from .. import permissions, selectors, services
from ..models import Decision, DecisionMethod
from ..serializers import DecisionAmendSerializer, DecisionSerializer
from ._common import READ, AmendRecordMixin, ReadOnlyPlaceViewSet, unknown


class DecisionFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Meeting id")
    agenda_item = IdFilter(field_name="agenda_item_id", label="Agenda item id")
    method = django_filters.ChoiceFilter(choices=DecisionMethod.choices)

    class Meta:
        model = Decision
        fields = ["meeting", "agenda_item", "method"]


class DecisionViewSet(AmendRecordMixin, ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Decisions taken at the meetings the person sees, each with its amendments.

    Whoever runs the board records one (POST) by the board's rule: a quorum of members recorded
    as present (the board's ``quorum``); by consensus, or by a vote of the members present whose
    counts match the votes recorded on the item. "0 for, 0 against" is a 400 on ``votes_for``.
    Decisions are permanent records: POST …/amend/ corrects or withdraws one, with a reason.
    """

    model = Decision
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    ordering_fields = ["created_at"]
    ordering = ["meeting", "created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards", "amend": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.decisions_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        meeting = selectors.get_meeting_for(self.place, self.request.user, data["meeting"].pk)
        if meeting is None:
            raise unknown("meeting", data["meeting"].pk)
        if not permissions.can_manage_board(self.request.user, meeting.board):
            raise PermissionDenied
        decision = services.decision_record(
            place=self.place,
            actor=self.request.user,
            meeting=meeting,
            text=data["text"],
            agenda_item=data.get("agenda_item"),
            method=data.get("method"),
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstain=data.get("votes_abstain"),
        )
        serializer.instance = self.reread(decision)

    @extend_schema(request=DecisionAmendSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, *args, **kwargs):
        """Correct a decision's wording, how it was taken or its counts, or withdraw it."""
        decision = self.get_object()
        return self.amend_record(
            request,
            decision,
            board=decision.meeting.board,
            service=services.decision_amend,
            record_name="decision",
            serializer_class=DecisionAmendSerializer,
        )
