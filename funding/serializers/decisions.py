"""What a funder decides on a bid and the feedback it gives: award, decline, and the rating
the applicant gives that feedback.
"""

from rest_framework import serializers

from coordination import text_limits
from coordination.api.fields import PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer, Serializer

from .. import selectors
from ..models import DeclineReason, Feedback, Programme


class FeedbackSerializer(ModelSerializer):
    signposts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Stored as JSON; declared here so the schema says it is a list of decline reasons.
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=DeclineReason.choices), read_only=True
    )

    class Meta:
        model = Feedback
        fields = [
            "reasons",
            "strengths",
            "to_strengthen",
            "signposts",
            "free_text",
            "due_on",
            "released_at",
            "helped",
            "helped_comment",
        ]
        read_only_fields = fields


class AwardSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    start = serializers.DateField()
    months = serializers.IntegerField(min_value=1, max_value=120, required=False)
    spend_by = serializers.DateField(
        help_text="The last day the grant's money may be spent: on or after `start`."
    )
    awarded_in_past = serializers.BooleanField(
        default=False,
        help_text="This records a grant awarded in the past: lets the grant start more than "
        "GRANT_START_MAX_DAYS_BEFORE days (90 by default) before the decision.",
    )


class DeclineSerializer(Serializer):
    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices)
    strengths = serializers.CharField(max_length=text_limits.TEXT)
    to_strengthen = serializers.CharField(max_length=text_limits.TEXT)
    signposts = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place, many=True, required=False
    )
    free_text = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)
    release = serializers.BooleanField(default=True)

    def validate_reasons(self, value):
        return sorted(value)


class FeedbackChangeSerializer(Serializer):
    """Changes to the funder's draft feedback: the parts given replace what the draft says."""

    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices, required=False)
    strengths = serializers.CharField(required=False, max_length=text_limits.TEXT)
    to_strengthen = serializers.CharField(required=False, max_length=text_limits.TEXT)
    signposts = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place, many=True, required=False
    )
    free_text = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)

    def validate_reasons(self, value):
        return sorted(value)


class FeedbackRatingSerializer(Serializer):
    helped = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)
