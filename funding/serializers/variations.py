"""Grant variations: a grantee's request to change a grant, and the funder's decision on it."""

from rest_framework import serializers

from coordination import text_limits
from coordination.api.fields import PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer, Serializer

from ..models import Bid, BidState, GrantVariation, VariationKind


def _awarded(place):
    return Bid.objects.for_place(place).filter(state=BidState.AWARDED)


class GrantVariationSerializer(ModelSerializer):
    """Read: a request with its state; write (POST): a grantee's request for one kind of change."""

    grant = PlacePrimaryKeyRelatedField(
        model=Bid, place_queryset=_awarded, help_text="Id of the awarded grant (the bid) to change."
    )
    kind = serializers.ChoiceField(choices=VariationKind.choices)
    new_purpose = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.TEXT,
        help_text="For a change of purpose: what the money would be for instead.",
    )
    new_end = serializers.DateField(
        required=False, allow_null=True, help_text="For a change of period: the new end date."
    )
    new_spend_by = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="For a change of period: the new date to spend the money by.",
    )
    budget_change = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.TEXT,
        help_text="For a change of budget: how much moves between which headings (the total "
        "stays the same).",
    )
    reason = serializers.CharField(max_length=text_limits.TEXT)
    decision_reason = serializers.CharField(read_only=True, max_length=text_limits.NOTE)

    class Meta:
        model = GrantVariation
        fields = [
            "id",
            "grant",
            "kind",
            "new_purpose",
            "new_end",
            "new_spend_by",
            "budget_change",
            "reason",
            "state",
            "requested_at",
            "withdrawn_at",
            "decided_at",
            "decision_reason",
            "previous_end",
            "previous_spend_by",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "state",
            "requested_at",
            "withdrawn_at",
            "decided_at",
            "previous_end",
            "previous_spend_by",
            "updated_at",
        ]


class VariationDecisionSerializer(Serializer):
    approve = serializers.BooleanField(help_text="True approves the change, false refuses it.")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.NOTE,
        help_text="Why: required when refusing; the grantee is told.",
    )
