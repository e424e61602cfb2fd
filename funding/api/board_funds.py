"""API: community board funds, a year each, and the applications groups make to them.

Whoever runs a board sets up its fund, schedules applications on a meeting's agenda and records the
decision taken there; groups apply, are paid and report back.
"""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.serializers import prefetched

from .. import selectors, services
from ..models import BidState, BoardFund, FundApplication, FundPayment
from ..serializers import (
    BoardFundSerializer,
    FundApplicationSerializer,
    FundDecisionSerializer,
    FundPaymentSerializer,
    FundScheduleSerializer,
    GrantReportSerializer,
    GrantWithdrawSerializer,
)


class BoardFundFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    year = django_filters.NumberFilter(field_name="year", label="Financial year starting")

    class Meta:
        model = BoardFund
        fields = ["board", "year"]


class BoardFundViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Boards' funds, a year each: budget, committed, paid, left and the agreed priorities. Public
    for public boards. A board's chair, vice-chair or secretary (or a coordinator) sets one up and
    changes it; the budget never falls below what is committed."""

    model = BoardFund
    serializer_class = BoardFundSerializer
    filterset_class = BoardFundFilter
    ordering_fields = ["year", "created_at"]
    ordering = ["-year", "pk"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_boards",
        "update": "take_part_in_boards",
        "partial_update": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.funds_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        fund = services.fund_create(
            place=self.place,
            actor=self.request.user,
            board=data["board"],
            year=data["year"],
            budget=data["budget"],
            accountable_body=data["programme"]["funder"],
            priorities=data.get("priority_titles", ()),
            priorities_meeting=data.get("priorities_meeting"),
            report_due_weeks=data.get("report_due_weeks", 12),
            low_balance_percent=data.get("low_balance_percent", 20),
        )
        serializer.instance = self.reread(fund)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("programme", None)
        fund = services.fund_update(
            place=self.place,
            actor=self.request.user,
            fund=serializer.instance,
            add_priorities=data.pop("priority_titles", ()),
            **{k: v for k, v in data.items() if k in services.FUND_FIELDS},
        )
        serializer.instance = self.reread(fund)


class FundApplicationFilter(django_filters.FilterSet):
    fund = IdFilter(field_name="fund_id", label="Board fund id")
    state = django_filters.ChoiceFilter(field_name="bid__state", choices=BidState.choices)
    proposal = IdFilter(field_name="proposal_id", label="Resident's idea id")

    class Meta:
        model = FundApplication
        fields = ["fund", "state", "proposal"]


class FundApplicationViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications to board funds you may see: your group's, and (once sent) those to the funds
    of boards whose business you see.

    A group's leader drafts one (POST: a few questions up to £1,000, outcomes and budget above; an
    amount over what the fund has left is a 400), sends it (…/submit/) and reports on what the
    money did (…/report/). Whoever runs the board puts it on a meeting's agenda (…/schedule/),
    records the decision at that meeting (…/decide/: refused outside a meeting, a second time or
    over the budget; a decline carries feedback), records payments and withdraws grants."""

    model = FundApplication
    serializer_class = FundApplicationSerializer
    filterset_class = FundApplicationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "view_place_home",
        "retrieve": "view_place_home",
        "create": "apply_for_funding",
        "submit": "apply_for_funding",
        "report": "apply_for_funding",
        "schedule": "take_part_in_boards",
        "decide": "take_part_in_boards",
        "payments": "take_part_in_boards",
        "withdraw_grant": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.fund_applications_visible_to(self.request.user, place).prefetch_related(
            prefetched("payments", FundPayment.objects.for_place(place))
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        bid = data.pop("bid")
        application = services.fund_application_create(
            place=self.place,
            actor=self.request.user,
            fund=data["fund"],
            applicant=bid["applicant"],
            title=bid["title"],
            summary=bid["summary"],
            amount_requested=bid["amount_requested"],
            duration_months=bid.get("duration_months"),
            priority=data.get("priority"),
            proposal=data.get("proposal"),
            outcomes=data.get("outcomes", ""),
            budget_breakdown=data.get("budget_breakdown", ""),
            other_funding=data.get("other_funding", ""),
        )
        serializer.instance = self.reread(application)

    def _done(self, application):
        return Response(self.get_serializer(self.reread(application)).data)

    def _with(self, payload_class, service, request):
        application = self.get_object()
        payload = payload_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        service(
            place=self.place,
            actor=request.user,
            application=application,
            **payload.validated_data,
        )
        return self._done(application)

    @extend_schema(request=None, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        application = self.get_object()
        services.bid_submit(place=self.place, actor=request.user, bid=application.bid)
        return self._done(application)

    @extend_schema(request=FundScheduleSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, *args, **kwargs):
        return self._with(FundScheduleSerializer, services.fund_application_schedule, request)

    @extend_schema(request=FundDecisionSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        return self._with(FundDecisionSerializer, services.fund_application_decide, request)

    @extend_schema(request=FundPaymentSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def payments(self, request, *args, **kwargs):
        return self._with(FundPaymentSerializer, services.fund_payment_record, request)

    @extend_schema(request=GrantWithdrawSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-grant")
    def withdraw_grant(self, request, *args, **kwargs):
        return self._with(GrantWithdrawSerializer, services.fund_grant_withdraw, request)

    @extend_schema(request=GrantReportSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        return self._with(GrantReportSerializer, services.grant_report_submit, request)
