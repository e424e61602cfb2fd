"""API: boards' actions, and the progress their owners (or whoever runs the board) record."""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter

from .. import permissions, selectors, services
from ..models import Action, ActionStatus
from ..serializers import ActionProgressSerializer, ActionSerializer
from ._common import READ, ReadOnlyPlaceViewSet


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
