"""Tenders as the API shows them: stages, lots, criteria, amendments, the opening of bids,
invitation figures and proportionality; and what officers send to create or change one."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coordination import text_limits
from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.models import Theme

from .. import selectors
from ..answers import proportionality_answer
from ..models import (
    CommissioningPolicy,
    Criterion,
    Lot,
    Stage,
    Tender,
    TenderAmendment,
    TenderStageChange,
)
from ._common import _themes


class StageChangeSerializer(ModelSerializer):
    from_stage = serializers.CharField(read_only=True, help_text="Empty for the first entry.")
    to_stage = serializers.CharField(read_only=True)
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = TenderStageChange
        fields = ["from_stage", "to_stage", "rationale", "changed_by", "changed_at"]


class AmendmentChangeSerializer(Serializer):
    field = serializers.CharField(
        help_text="What changed: a tender field, or lots.<id>.<field> / criteria.<id>.<field>."
    )
    label = serializers.CharField(help_text="What changed, as the timeline says it.")
    old = serializers.CharField(help_text="The value before, as published.")
    new = serializers.CharField(help_text="The value after, as published.")


class TenderAmendmentSerializer(ModelSerializer):
    changes = AmendmentChangeSerializer(many=True, read_only=True)
    published_by = serializers.StringRelatedField()

    class Meta:
        model = TenderAmendment
        fields = ["number", "rationale", "changes", "published_by", "published_at"]


class LotSerializer(ModelSerializer):
    class Meta:
        model = Lot
        fields = ["id", "title", "description", "estimated_value"]


class CriterionSerializer(ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "title", "description", "weight"]


class InvitationCountsSerializer(Serializer):
    invited = serializers.IntegerField(help_text="Organisations invited.")
    viewed = serializers.IntegerField(help_text="Invited organisations that opened the tender.")
    bid = serializers.IntegerField(help_text="Invited organisations that submitted a bid.")
    interested = serializers.IntegerField(help_text="Organisations that registered interest.")


class BidOpeningSerializer(Serializer):
    opened_at = serializers.DateTimeField(help_text="When the bids opened: the deadline.")
    bids_received = serializers.IntegerField(help_text="How many bids were received.")


class DemandPeriodSerializer(Serializer):
    label = serializers.CharField(help_text="The period, like “2023 to 2026 contract”.")
    starts_on = serializers.DateField()
    indicator = serializers.CharField(help_text="What is counted, like “referrals a quarter”.")
    demand = serializers.DecimalField(max_digits=12, decimal_places=2)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="In pounds.")


class ProportionalitySerializer(Serializer):
    flagged = serializers.BooleanField(
        help_text="True when the value for each unit of demand fell by more than the place's "
        "threshold against the contract before or the first."
    )
    threshold = serializers.IntegerField(
        help_text="The place's threshold: a fall of more than this many per cent is flagged."
    )
    demand_change = serializers.FloatField(
        allow_null=True, help_text="Per cent, the latest contract against the one before."
    )
    value_change = serializers.FloatField(allow_null=True, help_text="Per cent.")
    unit_value_change = serializers.FloatField(
        allow_null=True,
        help_text="Per cent: the value for each unit of demand, the latest contract against the "
        "one before.",
    )
    unit_value_change_overall = serializers.FloatField(
        allow_null=True, help_text="Per cent: the latest contract against the first."
    )
    periods = DemandPeriodSerializer(many=True)


class TenderSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:tender-detail")
    commissioner = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="Id of the commissioning council (one you are an officer for).",
    )
    themes = PlaceSlugRelatedField(
        model=Theme, place_queryset=_themes, slug_field="slug", many=True, required=False
    )
    areas = PlaceSlugRelatedField(
        model=Area, place_queryset=areas_for_place, slug_field="slug", many=True, required=False
    )
    timeline = StageChangeSerializer(many=True, read_only=True, source="stage_changes")
    amendments = TenderAmendmentSerializer(
        many=True, read_only=True, help_text="Amendments published since the tender opened."
    )
    lots = LotSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(
        many=True, read_only=True, help_text="The published evaluation criteria and weights."
    )
    invitation_counts = serializers.SerializerMethodField()
    proportionality = serializers.SerializerMethodField()
    bids_opened = serializers.SerializerMethodField(
        help_text="Bids are sealed until the submission deadline; then they open together, and "
        "this says when and how many were received. Null until then."
    )

    class Meta:
        model = Tender
        fields = [
            "id",
            "url",
            "reference",
            "title",
            "description",
            "commissioner",
            "estimated_value",
            "contract_months",
            "procurement_method",
            "themes",
            "areas",
            "stage",
            "co_design_opens_at",
            "co_design_closes_at",
            "clarification_deadline",
            "submission_deadline",
            "decision_date",
            "you_said_we_did",
            "co_design_published_at",
            "lots",
            "criteria",
            "invitation_counts",
            "proportionality",
            "timeline",
            "bids_opened",
            "amendments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stage", "co_design_published_at", "created_at", "updated_at"]

    @extend_schema_field(InvitationCountsSerializer)
    def get_invitation_counts(self, tender):
        if hasattr(tender, "count_invited"):  # annotated by the API's queryset
            return {
                "invited": tender.count_invited,
                "viewed": tender.count_viewed,
                "bid": tender.count_bid,
                "interested": tender.count_interested,
            }
        return selectors.invitation_counts(tender)

    @extend_schema_field(BidOpeningSerializer(allow_null=True))
    def get_bids_opened(self, tender):
        if hasattr(tender, "bids_opened_at"):  # annotated by the API's queryset
            at, received = tender.bids_opened_at, tender.bids_opened_count
        else:
            opening = selectors.opening_of(tender)
            at, received = (opening.opened_at, opening.bids_received) if opening else (None, None)
        if at is None:
            return None
        return BidOpeningSerializer({"opened_at": at, "bids_received": received}).data

    @extend_schema_field(ProportionalitySerializer)
    def get_proportionality(self, tender):
        periods = getattr(tender, "demand_period_list", None)
        # The place's threshold, read once for a page of tenders (the context is the page's).
        if "unit_value_fall_percent" not in self.context:
            policy = CommissioningPolicy.of(tender.place_id)
            self.context["unit_value_fall_percent"] = policy.unit_value_fall_percent
        found = selectors.proportionality(
            tender, periods=periods, threshold=self.context["unit_value_fall_percent"]
        )
        return proportionality_answer(found)


class TenderUpdateSerializer(TenderSerializer):
    class Meta(TenderSerializer.Meta):
        read_only_fields = [*TenderSerializer.Meta.read_only_fields, "commissioner"]


class OrganisationRequestSerializer(Serializer):
    organisation = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="The organisation you act for.",
    )


class LotRequestSerializer(Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=text_limits.TEXT
    )
    estimated_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class CriterionRequestSerializer(Serializer):
    title = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=1, max_value=100, help_text="Per cent.")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=text_limits.TEXT
    )


class SuggestionSerializer(Serializer):
    organisation = serializers.IntegerField(help_text="Id of the organisation to invite.")
    name = serializers.CharField()
    locally_embedded = serializers.BooleanField(
        help_text="Always true: only locally embedded organisations are suggested."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why it is locally embedded: its kind, registered office, areas, size.",
    )
    services = serializers.ListField(
        child=serializers.CharField(), help_text="Its mapped services that match the themes."
    )


class StageChangeRequestSerializer(Serializer):
    to_stage = serializers.ChoiceField(
        # Nothing moves back to the pipeline; awarding goes through POST awards/.
        choices=[c for c in Stage.choices if c[0] != Stage.PIPELINE],
        help_text="The next stage.",
    )
    rationale = serializers.CharField(max_length=text_limits.TEXT)
