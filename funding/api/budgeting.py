"""API: rounds where residents decide part of a community group's fund.

Public: each round with its phase, dates and projects; votes, what was chosen and the board's
decision on each chosen project once the results are published. Who chose what is never in any
answer. A resident casts one ballot a round (…/ballot/); whoever runs the group's fund sets up and
changes a round, draws up its ballot (…/projects/, …/remove-project/) and publishes its results
(…/publish/).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.partner_auth import is_partner_request
from coordination.api.permissions import PUBLIC, PlacePermission
from coordination.api.serializers import prefetched

from .. import selectors, services
from ..models import BudgetProject, BudgetRound
from ..serializers import (
    BallotReceiptSerializer,
    BallotSerializer,
    BudgetProjectCreateSerializer,
    BudgetProjectRemoveSerializer,
    BudgetRoundSerializer,
)


class PersonNotPartnerKeyForBallot(BasePermission):
    """A ballot is a resident's own: a partner key (acting for a system) cannot cast one."""

    message = _("A partner API key cannot vote: a ballot is a resident's own.")

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "ballot":
            return True
        return not is_partner_request(request)


class BudgetRoundFilter(django_filters.FilterSet):
    fund = IdFilter(field_name="fund_id", label="Board fund id")
    board = IdFilter(field_name="fund__board_id", label="Board id")

    class Meta:
        model = BudgetRound
        fields = ["fund", "board"]


class BudgetRoundViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Rounds where residents decide part of a board's fund (public for public boards): the phase,
    dates, amount and projects; after the results, each project's votes, whether it was chosen
    and the board's decision on it. A resident votes once a round (…/ballot/: the projects'
    costs together within the amount, lives_in_area true; 400 with the reason otherwise). The
    board's chair, vice-chair or secretary (or a coordinator) sets a round up (the amount within
    what the fund has left), adds and removes projects before voting opens, and publishes the
    results after voting closes."""

    model = BudgetRound
    serializer_class = BudgetRoundSerializer
    filterset_class = BudgetRoundFilter
    permission_classes = [PlacePermission, PersonNotPartnerKeyForBallot]
    ordering_fields = ["voting_opens_on", "created_at"]
    ordering = ["-voting_opens_on", "pk"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_boards",
        "update": "take_part_in_boards",
        "partial_update": "take_part_in_boards",
        "projects": "take_part_in_boards",
        "remove_project": "take_part_in_boards",
        "publish": "take_part_in_boards",
        "ballot": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.rounds_visible_to(place, self.request.user).prefetch_related(
            prefetched(
                "projects",
                BudgetProject.objects.for_place(place)
                .select_related(
                    "round",
                    "application",
                    "application__bid",
                    "application__agenda_item",
                    "application__decided_at_meeting",
                )
                .order_by("order", "pk"),
            )
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        fund = data.pop("fund")
        if selectors.get_fund_for(self.place, self.request.user, fund.pk) is None:
            raise NotFound
        budget_round = services.budget_round_create(
            place=self.place,
            actor=self.request.user,
            fund=fund,
            **{k: v for k, v in data.items() if k in services.ROUND_FIELDS},
        )
        serializer.instance = self.reread(budget_round)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        budget_round = services.budget_round_update(
            place=self.place,
            actor=self.request.user,
            budget_round=serializer.instance,
            **{k: v for k, v in data.items() if k in services.ROUND_FIELDS},
        )
        serializer.instance = self.reread(budget_round)

    def _round_answer(self, budget_round, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.reread(budget_round)).data, status=code)

    @extend_schema(request=BudgetProjectCreateSerializer, responses={201: BudgetRoundSerializer})
    @action(detail=True, methods=["post"])
    def projects(self, request, *args, **kwargs):
        budget_round = self.get_object()
        payload = BudgetProjectCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        services.budget_project_add(
            place=self.place,
            actor=request.user,
            budget_round=budget_round,
            **payload.validated_data,
        )
        return self._round_answer(budget_round, status.HTTP_201_CREATED)

    @extend_schema(request=BudgetProjectRemoveSerializer, responses=BudgetRoundSerializer)
    @action(detail=True, methods=["post"], url_path="remove-project")
    def remove_project(self, request, *args, **kwargs):
        budget_round = self.get_object()
        payload = BudgetProjectRemoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = (
            BudgetProject.objects.for_place(self.place)
            .filter(round=budget_round, pk=payload.validated_data["project"])
            .first()
        )
        if project is None:
            raise NotFound(_("No such project on this round's ballot."))
        services.budget_project_remove(place=self.place, actor=request.user, project=project)
        return self._round_answer(budget_round)

    @extend_schema(request=None, responses=BudgetRoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        budget_round = self.get_object()
        services.budget_results_publish(
            place=self.place, actor=request.user, budget_round=budget_round
        )
        return self._round_answer(budget_round)

    @extend_schema(request=BallotSerializer, responses={201: BallotReceiptSerializer})
    @action(detail=True, methods=["post"])
    def ballot(self, request, *args, **kwargs):
        budget_round = self.get_object()
        payload = BallotSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ballot = services.budget_ballot_cast(
            place=self.place,
            actor=request.user,
            budget_round=budget_round,
            projects=payload.validated_data["projects"],
            lives_in_area=payload.validated_data["lives_in_area"],
        )
        return Response(
            BallotReceiptSerializer({"round": budget_round.pk, "cast_at": ballot.cast_at}).data,
            status=status.HTTP_201_CREATED,
        )
