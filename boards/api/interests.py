"""API: declarations of interest at meetings, and members' votes on agenda items."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action

from coordination.api.filters import IdFilter

from .. import permissions, selectors, services
from ..models import DeclarationOfInterest, InterestKind, Vote, VoteChoice
from ..serializers import (
    DeclarationAmendSerializer,
    DeclarationSerializer,
    VoteAmendSerializer,
    VoteSerializer,
)
from ._common import READ, AmendRecordMixin, ReadOnlyPlaceViewSet, unknown


class DeclarationFilter(django_filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Meeting id")
    agenda_item = IdFilter(field_name="agenda_item_id", label="Agenda item id")
    member = IdFilter(field_name="member_id", label="Member (person) id")
    kind = django_filters.ChoiceFilter(choices=InterestKind.choices)

    class Meta:
        model = DeclarationOfInterest
        fields = ["meeting", "agenda_item", "member", "kind"]


class DeclarationViewSet(AmendRecordMixin, ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Declarations of interest at the meetings of the boards the person sees: each member's
    register of interests (public for a public board). A member declares their own (POST); the
    board's chair, vice-chair or secretary (or a coordinator) records anyone's. A declaration on an
    item bars that member's vote on it.

    Declarations are permanent records: nothing deletes them. Whoever runs the board corrects or
    withdraws one with POST …/amend/ and a reason; each amendment is listed with the declaration.
    """

    model = DeclarationOfInterest
    serializer_class = DeclarationSerializer
    filterset_class = DeclarationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards", "amend": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.declarations_visible_to(place, self.request.user)

    @extend_schema(request=DeclarationAmendSerializer, responses={200: DeclarationSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, *args, **kwargs):
        """Correct the kind or nature of a declaration, or withdraw it, giving a reason."""
        declaration = self.get_object()
        if not declaration.meeting_visible:
            raise Http404
        return self.amend_record(
            request,
            declaration,
            board=declaration.meeting.board,
            service=services.declaration_amend,
            record_name="declaration",
            serializer_class=DeclarationAmendSerializer,
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        meeting = selectors.get_meeting_for(self.place, self.request.user, data["meeting"].pk)
        if meeting is None:
            raise unknown("meeting", data["meeting"].pk)
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


class VoteViewSet(AmendRecordMixin, ReadOnlyPlaceViewSet, mixins.CreateModelMixin):
    """Members' votes on agenda items (fund applications) at the meetings the person sees.

    POST records one: by the member, or by whoever runs the board. A member who declared an
    interest in the item, one not recorded as present, someone without a voting seat, or a second
    vote is a 400. Votes are permanent records: whoever runs the board corrects or withdraws one
    with POST …/amend/ and a reason; each amendment is listed with the vote."""

    model = Vote
    serializer_class = VoteSerializer
    filterset_class = VoteFilter
    ordering_fields = ["created_at"]
    ordering = ["agenda_item", "created_at", "pk"]
    place_actions = {**READ, "create": "take_part_in_boards", "amend": "take_part_in_boards"}

    def get_place_queryset(self, place):
        return selectors.votes_visible_to(place, self.request.user)

    @extend_schema(request=VoteAmendSerializer, responses={200: VoteSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, *args, **kwargs):
        """Correct how a member voted, or withdraw the vote, giving a reason."""
        vote = self.get_object()
        return self.amend_record(
            request,
            vote,
            board=vote.agenda_item.meeting.board,
            service=services.vote_amend,
            record_name="vote",
            serializer_class=VoteAmendSerializer,
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        item = selectors.get_agenda_item_for(self.place, self.request.user, data["agenda_item"].pk)
        if item is None:
            raise unknown("agenda_item", data["agenda_item"].pk)
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
