"""API: invitations to tenders (the commissioning team's view) and clarifications, the questions
asked about tenders with their public answers.
"""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.permissions import PUBLIC

from .. import services
from ..models import Clarification, TenderInvitation
from ..permissions import acting_organisation_ids, councils_run_by
from ..serializers import (
    AnswerSerializer,
    ClarificationSerializer,
    TenderInvitationSendSerializer,
    TenderInvitationSerializer,
)
from ._common import ByTenderFilter, ViewSetBase


class InvitationViewSet(ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Invitations to tenders (the commissioning team's view). POST invites organisations, who
    hear by email and in InPlace; the counts are public on each tender."""

    model = TenderInvitation
    serializer_class = TenderInvitationSerializer
    filterset_class = ByTenderFilter
    place_actions = {"list": "run_tenders", "retrieve": "run_tenders", "create": "run_tenders"}

    def get_place_queryset(self, place):
        return (
            TenderInvitation.objects.for_place(place)
            .filter(tender__commissioner__in=councils_run_by(self.request.user, place))
            .select_related("organisation")
            .order_by("sent_at", "pk")
        )

    @extend_schema(
        request=TenderInvitationSendSerializer, responses=TenderInvitationSerializer(many=True)
    )
    def create(self, request, place_slug=None):
        serializer = TenderInvitationSendSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        sent = services.invitations_send(
            place=self.place, actor=request.user, **serializer.validated_data
        )
        data = TenderInvitationSerializer(
            sent, many=True, context=self.get_serializer_context()
        ).data
        return Response(data, status=status.HTTP_201_CREATED)


class ClarificationViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Questions about tenders. Answered ones are public and never say who asked; an organisation
    also sees its own unanswered ones. POST .../answer/ publishes an answer."""

    model = Clarification
    serializer_class = ClarificationSerializer
    filterset_class = ByTenderFilter
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_tenders",
        "answer": "run_tenders",
    }

    def get_place_queryset(self, place):
        user = self.request.user
        return (
            Clarification.objects.for_place(place)
            .filter(
                ~Q(answer="")
                | Q(organisation_id__in=acting_organisation_ids(user, place))
                | Q(tender__commissioner__in=councils_run_by(user, place))
            )
            .order_by("asked_at", "pk")
        )

    def perform_create(self, serializer):
        clarification = services.clarification_ask(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(clarification)

    @extend_schema(request=AnswerSerializer, responses=ClarificationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, place_slug=None, pk=None):
        """Publish the answer to everyone interested."""
        clarification = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.clarification_answer(
            place=self.place,
            actor=request.user,
            clarification=clarification,
            **serializer.validated_data,
        )
        data = ClarificationSerializer(
            self.reread(clarification), context=self.get_serializer_context()
        )
        return Response(data.data)
