"""API: residents' ideas for community boards: proposed, supported and answered."""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter

from .. import permissions, selectors, services
from ..models import Proposal, ProposalStatus
from ..serializers import ProposalAnswerSerializer, ProposalChangeSerializer, ProposalSerializer
from ._common import READ, ReadOnlyPlaceViewSet
from .moderation import IDEA_ACTIONS, IdeaModerationActions


class ProposalFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Community board id")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = Proposal
        fields = ["board", "status"]


class ProposalViewSet(
    IdeaModerationActions,
    ReadOnlyPlaceViewSet,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Residents' ideas for community boards, with the board's answer and the number of supporters.

    Any member of the place may propose (POST) and support someone else's idea (POST
    …/support/, once per person; one's own idea is a 400), and take that support back (POST
    …/withdraw-support/) while the idea is open. The proposer may change the idea (PATCH) or
    withdraw it (POST …/withdraw/) until the board answers it; after that both are a 400 that
    says why.
    """

    model = Proposal
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["created_at", "support_count", "status_changed_at"]
    ordering = ["-created_at", "pk"]
    place_actions = {
        **READ,
        "create": "take_part_in_boards",
        "update": "take_part_in_boards",
        "partial_update": "take_part_in_boards",
        "withdraw": "take_part_in_boards",
        "support": "take_part_in_boards",
        "withdraw_support": "take_part_in_boards",
        "answer": "take_part_in_boards",
        **IDEA_ACTIONS,
    }

    def get_place_queryset(self, place):
        return selectors.proposals_visible_to(place, self.request.user).prefetch_related("assets")

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
            assets=data.get("assets"),
        )
        serializer.instance = self.reread(proposal)

    def _proposer_only(self, proposal):
        if proposal.proposed_by_id != self.request.user.pk:
            raise PermissionDenied

    @extend_schema(request=ProposalChangeSerializer, responses={200: ProposalSerializer})
    def update(self, request, *args, **kwargs):
        """The proposer changes the idea's title or description, until the board answers it."""
        proposal = self.get_object()
        self._proposer_only(proposal)
        payload = ProposalChangeSerializer(
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        payload.is_valid(raise_exception=True)
        services.proposal_update(
            place=self.place, actor=request.user, proposal=proposal, **payload.validated_data
        )
        return Response(
            ProposalSerializer(self.reread(proposal), context=self.get_serializer_context()).data
        )

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ProposalChangeSerializer
        return super().get_serializer_class()

    @extend_schema(request=ProposalChangeSerializer, responses={200: ProposalSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """The proposer withdraws the idea, until the board answers it."""
        proposal = self.get_object()
        self._proposer_only(proposal)
        services.proposal_withdraw(place=self.place, actor=request.user, proposal=proposal)
        return Response(self.get_serializer(self.reread(proposal)).data)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def support(self, request, *args, **kwargs):
        """Support someone else's idea: once per person; a second time, or one's own idea, is a
        400."""
        proposal = self.get_object()
        services.proposal_support(place=self.place, actor=request.user, proposal=proposal)
        return Response(self.get_serializer(self.reread(proposal)).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="withdraw-support")
    def withdraw_support(self, request, *args, **kwargs):
        """Take back your support while the idea still takes support (400 if you gave none)."""
        proposal = self.get_object()
        services.proposal_unsupport(place=self.place, actor=request.user, proposal=proposal)
        return Response(self.get_serializer(self.reread(proposal)).data)

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
