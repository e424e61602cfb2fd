"""API representations of community board funds and the applications to them.

A fund is a board's programme for one year; an application is a bid with what only a board fund
asks (a priority, an idea it takes forward), decided at a meeting of the board.
"""

from decimal import Decimal

from django.apps import apps
from rest_framework import serializers

from boards import selectors as board_selectors
from coordination import text_limits
from coordination.api.fields import PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place

from ..models import (
    BoardFund,
    DeclineReason,
    FundApplication,
    FundOutcome,
    FundPayment,
    FundPriority,
    GrantReport,
)

# A related field names its target model for the schema; boards' are named by their label, as a
# string foreign key names them. Choices come from boards' selectors for the request's place.
Board, Meeting, Proposal = (
    apps.get_model("boards", name) for name in ("Board", "Meeting", "Proposal")
)
_managed_boards = board_selectors.active_boards
_meetings = board_selectors.meetings_in_place


class FundPrioritySerializer(ModelSerializer):
    class Meta:
        model = FundPriority
        fields = ["id", "order", "title", "description"]
        read_only_fields = fields


class BoardFundSerializer(ModelSerializer):
    board = PlacePrimaryKeyRelatedField(
        model=Board, place_queryset=_managed_boards, help_text="Id of the board holding the fund."
    )
    programme = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The funding programme groups apply to."
    )
    title = serializers.CharField(source="programme.title", read_only=True)
    year_label = serializers.CharField(read_only=True)
    accountable_body = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        source="programme.funder",
        help_text="Id of the organisation that holds the money (usually the council).",
    )
    priorities_meeting = PlacePrimaryKeyRelatedField(
        model=Meeting, place_queryset=_meetings, required=False, allow_null=True
    )
    priorities = FundPrioritySerializer(many=True, read_only=True)
    priority_titles = serializers.ListField(
        child=serializers.CharField(max_length=200),
        write_only=True,
        required=False,
        help_text="Priorities to add, one title each.",
    )
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    left = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    awaiting = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = BoardFund
        fields = [
            "id",
            "board",
            "programme",
            "title",
            "year",
            "year_label",
            "budget",
            "committed",
            "paid",
            "left",
            "awaiting",
            "is_low",
            "accountable_body",
            "priorities",
            "priority_titles",
            "priorities_meeting",
            "report_due_weeks",
            "low_balance_percent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("board", "year", "accountable_body"):
                fields[name].read_only = True
        return fields


class FundPaymentReadSerializer(ModelSerializer):
    class Meta:
        model = FundPayment
        fields = ["id", "amount", "paid_on", "note", "created_at"]
        read_only_fields = fields


class GrantReportReadSerializer(ModelSerializer):
    class Meta:
        model = GrantReport
        fields = ["what_happened", "people_reached", "submitted_at"]
        read_only_fields = fields


class FundApplicationSerializer(ModelSerializer):
    """An application to a board's fund: the bid's own fields and what only a board fund asks."""

    fund = PlacePrimaryKeyRelatedField(
        model=BoardFund,
        place_queryset=lambda place: BoardFund.objects.for_place(place),
        help_text="Id of the board fund.",
    )
    applicant = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        source="bid.applicant",
        help_text="Id of the applying group (one you lead).",
    )
    bid = serializers.PrimaryKeyRelatedField(read_only=True)
    state = serializers.CharField(source="bid.state", read_only=True, help_text="The bid's state.")
    title = serializers.CharField(source="bid.title", max_length=200)
    summary = serializers.CharField(source="bid.summary", max_length=text_limits.TEXT)
    amount_requested = serializers.DecimalField(
        source="bid.amount_requested", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    amount_awarded = serializers.DecimalField(
        source="bid.amount_awarded",
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
    )
    duration_months = serializers.IntegerField(
        source="bid.duration_months", min_value=1, max_value=120, required=False
    )
    priority = PlacePrimaryKeyRelatedField(
        model=FundPriority,
        place_queryset=lambda place: FundPriority.objects.for_place(place),
        required=False,
        allow_null=True,
    )
    proposal = PlacePrimaryKeyRelatedField(
        model=Proposal,
        place_queryset=board_selectors.proposals_in_place,
        required=False,
        allow_null=True,
        help_text="Id of the resident's idea it takes forward.",
    )
    agenda_item = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    decided_at_meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    payments = FundPaymentReadSerializer(many=True, read_only=True)
    report = GrantReportReadSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FundApplication
        fields = [
            "id",
            "fund",
            "bid",
            "applicant",
            "state",
            "title",
            "summary",
            "amount_requested",
            "amount_awarded",
            "duration_months",
            "priority",
            "proposal",
            "outcomes",
            "budget_breakdown",
            "other_funding",
            "agenda_item",
            "decided_at_meeting",
            "decision_reason",
            "report_due_on",
            "paid_amount",
            "withdrawn_at",
            "withdrawn_reason",
            "payments",
            "report",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "decision_reason",
            "report_due_on",
            "paid_amount",
            "withdrawn_at",
            "withdrawn_reason",
            "created_at",
            "updated_at",
        ]


class FundScheduleSerializer(Serializer):
    meeting = PlacePrimaryKeyRelatedField(model=Meeting, place_queryset=_meetings)


class FundDecisionSerializer(Serializer):
    meeting = PlacePrimaryKeyRelatedField(
        model=Meeting,
        place_queryset=_meetings,
        allow_null=True,
        help_text="The meeting at which the board decided (required: no decision outside one).",
    )
    outcome = serializers.ChoiceField(choices=FundOutcome.choices)
    reason = serializers.CharField(max_length=text_limits.NOTE)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    start = serializers.DateField(required=False)
    months = serializers.IntegerField(min_value=1, max_value=120, required=False)
    awarded_in_past = serializers.BooleanField(
        default=False,
        help_text="This records a grant awarded in the past: lets the grant start more than "
        "GRANT_START_MAX_DAYS_BEFORE days (90 by default) before the decision.",
    )
    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices, required=False)
    strengths = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)
    to_strengthen = serializers.CharField(
        required=False, allow_blank=True, max_length=text_limits.TEXT
    )

    def validate_reasons(self, value):
        return sorted(value)


class FundPaymentSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
    paid_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class GrantWithdrawSerializer(Serializer):
    reason = serializers.CharField(max_length=text_limits.NOTE)


class GrantReportSerializer(Serializer):
    what_happened = serializers.CharField(max_length=text_limits.TEXT)
    people_reached = serializers.IntegerField(min_value=0, required=False, allow_null=True)
