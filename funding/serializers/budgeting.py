"""API representations of rounds where residents decide part of a fund: the round with its phase
and projects (votes and the board's decision only once the results are published), and the
requests to set one up, add a project, cast a ballot and publish the results."""

from django.apps import apps
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from boards import selectors as board_selectors
from coordination import text_limits
from coordination.api.fields import PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer, Serializer

from ..models import BoardFund, BudgetPhase, BudgetProject, BudgetRound
from ..selectors import decision_status

Proposal = apps.get_model("boards", "Proposal")
MONEY = {"max_digits": 12, "decimal_places": 2}
DECISIONS = ["unscheduled", "waiting", "awarded", "declined", "withdrawn"]


class BudgetProjectSerializer(ModelSerializer):
    proposal = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Id of the resident's idea it comes from."
    )
    votes = serializers.SerializerMethodField(help_text="Counted at results; null before.")
    selected = serializers.SerializerMethodField(
        help_text="Chosen by the vote within the amount; null before the results."
    )
    decision = serializers.SerializerMethodField(
        help_text="For a chosen project: where the board's decision on it stands."
    )

    class Meta:
        model = BudgetProject
        fields = ["id", "title", "summary", "cost", "proposal", "votes", "selected", "decision"]
        read_only_fields = fields

    def _published(self, project):
        return project.round.results_published_at is not None

    def get_votes(self, project) -> int | None:
        return project.votes if self._published(project) else None

    def get_selected(self, project) -> bool | None:
        return project.selected if self._published(project) else None

    @extend_schema_field(serializers.ChoiceField(choices=DECISIONS, allow_null=True))
    def get_decision(self, project):
        if not (self._published(project) and project.selected):
            return None
        return decision_status(project)[0]


class BudgetRoundSerializer(ModelSerializer):
    fund = PlacePrimaryKeyRelatedField(
        model=BoardFund,
        place_queryset=lambda place: BoardFund.objects.for_place(place),
        help_text="Id of the board fund the round decides part of.",
    )
    board = serializers.PrimaryKeyRelatedField(source="fund.board", read_only=True)
    phase = serializers.SerializerMethodField()
    projects = BudgetProjectSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "fund",
            "board",
            "title",
            "description",
            "amount",
            "ideas_open_on",
            "ideas_close_on",
            "voting_opens_on",
            "voting_closes_on",
            "phase",
            "results_published_at",
            "projects",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "results_published_at", "created_at", "updated_at"]
        extra_kwargs = {"description": {"max_length": text_limits.TEXT}}

    @extend_schema_field(serializers.ChoiceField(choices=BudgetPhase.choices))
    def get_phase(self, budget_round):
        place = self.context.get("place")
        today = timezone.localdate(timezone=place.tz) if place else None
        return budget_round.phase(today)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["fund"].read_only = True
        return fields


class BudgetProjectCreateSerializer(Serializer):
    title = serializers.CharField(max_length=150)
    summary = serializers.CharField(max_length=text_limits.NOTE)
    cost = serializers.DecimalField(min_value=0, **MONEY)
    proposal = PlacePrimaryKeyRelatedField(
        model=Proposal,
        place_queryset=board_selectors.proposals_in_place,
        required=False,
        allow_null=True,
        help_text="Id of the group's idea the project comes from.",
    )


class BudgetProjectRemoveSerializer(Serializer):
    project = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Id of the project to take off the ballot."
    )


class BallotSerializer(Serializer):
    projects = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=200,
        help_text="Ids of the projects you choose: together no more than the round's amount.",
    )
    lives_in_area = serializers.BooleanField(
        help_text="You live, work or study in the area (required: true)."
    )


class BallotReceiptSerializer(Serializer):
    round = serializers.IntegerField(read_only=True)
    cast_at = serializers.DateTimeField(read_only=True)
