"""API: declarations of interest at meetings, and members' votes on agenda items."""

import django_filters
from django.core.exceptions import PermissionDenied
from rest_framework import mixins

from coordination.api.filters import IdFilter

from .. import permissions, selectors, services
from ..models import DeclarationOfInterest, InterestKind, Vote, VoteChoice
from ..serializers import DeclarationSerializer, VoteSerializer
from ._common import READ, ReadOnlyPlaceViewSet, unknown


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
