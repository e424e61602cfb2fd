"""API representations of programmes, bids, decisions and feedback; writes go to funding.services.

A bid in full is for its applicant's and its funder's members; other funders get SharedBidSerializer
(consented summaries), the public GrantSerializer (awards only).
"""

from rest_framework import serializers

from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
)
from coordination.organisations.models import Community, Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area, Place
from coordination.places.selectors import areas_for_place
from mapping.models import Theme
from mapping.selectors import communities_for_place, themes_for_place

from . import selectors
from .models import Bid, BidEvent, DeclineReason, Feedback, Programme


def _themes(**kwargs):
    return PlaceSlugRelatedField(
        model=Theme, place_queryset=themes_for_place, slug_field="slug", many=True, **kwargs
    )


class ProgrammeSerializer(serializers.ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-programme-detail")
    funder = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=selectors.funders_in_place,
        help_text="Id of the funder organisation (one you act for).",
    )
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    themes = _themes(required=False, help_text="Slugs of the themes it funds.")
    places = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Place.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Slugs of the places it runs in (always this one too; the funder must work there).",
    )
    is_rolling = serializers.BooleanField(read_only=True)
    short_window = serializers.BooleanField(
        read_only=True, help_text="True when the deadline is under four weeks from opening."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "url",
            "funder",
            "funder_name",
            "title",
            "description",
            "funding_type",
            "amount_min",
            "amount_max",
            "grant_length_months",
            "opens_on",
            "deadline",
            "is_rolling",
            "short_window",
            "decision_within_days",
            "feedback_commitment_days",
            "eligibility",
            "themes",
            "priority_embedded_local",
            "priority_income_below",
            "flexibility_statement",
            "places",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["funder"].read_only = True
        return fields


class FeedbackSerializer(serializers.ModelSerializer):
    signposts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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


class BidEventSerializer(serializers.ModelSerializer):
    # Plain strings: the values are the bid's states, already documented once as its state enum.
    from_state = serializers.CharField(
        read_only=True, help_text="The state before (empty when the bid was created)."
    )
    to_state = serializers.CharField(read_only=True, help_text="The state after.")

    class Meta:
        model = BidEvent
        fields = ["from_state", "to_state", "at"]
        read_only_fields = fields


class BidSerializer(serializers.ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-bid-detail")
    programme = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place
    )
    applicant = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="Id of the applying organisation (one you lead).",
    )
    themes = _themes(required=False)
    areas = PlaceSlugRelatedField(
        model=Area, place_queryset=areas_for_place, slug_field="slug", many=True, required=False
    )
    communities = PlaceSlugRelatedField(
        model=Community,
        place_queryset=communities_for_place,
        slug_field="slug",
        many=True,
        required=False,
    )
    decision_due_on = serializers.DateField(read_only=True, allow_null=True)
    feedback = serializers.SerializerMethodField()
    events = BidEventSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "url",
            "programme",
            "applicant",
            "title",
            "summary",
            "amount_requested",
            "duration_months",
            "themes",
            "areas",
            "communities",
            "share_summary",
            "state",
            "submitted_at",
            "decision_due_on",
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "feedback",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "state",
            "submitted_at",
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["programme"].read_only = True
            fields["applicant"].read_only = True
        return fields

    def get_feedback(self, bid) -> FeedbackSerializer(allow_null=True):
        request = self.context.get("request")
        feedback = selectors.feedback_for_applicant(request.user, self.context["place"], bid)
        return FeedbackSerializer(feedback).data if feedback is not None else None


class SharedBidSerializer(serializers.ModelSerializer):
    """What another funder in the place sees of a bid whose applicant consented: the summary."""

    programme = serializers.CharField(source="programme.title")
    funder = serializers.CharField(source="programme.funder.name")
    applicant = serializers.CharField(source="applicant.name")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "programme",
            "funder",
            "applicant",
            "title",
            "summary",
            "amount_requested",
            "duration_months",
            "themes",
            "areas",
            "state",
        ]
        read_only_fields = fields


class GrantSerializer(serializers.ModelSerializer):
    """A grant as the public sees it."""

    programme = serializers.CharField(source="programme.title")
    funder = serializers.CharField(source="programme.funder.name")
    recipient = serializers.CharField(source="applicant.name")
    recipient_org_id = serializers.CharField(source="applicant.org_id")

    class Meta:
        model = Bid
        fields = [
            "id",
            "programme",
            "funder",
            "recipient",
            "recipient_org_id",
            "title",
            "summary",
            "amount_awarded",
            "award_start",
            "award_end",
            "decided_at",
        ]
        read_only_fields = fields


class AwardSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    start = serializers.DateField()
    months = serializers.IntegerField(min_value=1, max_value=120, required=False)


class DeclineSerializer(serializers.Serializer):
    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices)
    strengths = serializers.CharField()
    to_strengthen = serializers.CharField()
    signposts = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place, many=True, required=False
    )
    free_text = serializers.CharField(required=False, allow_blank=True)
    release = serializers.BooleanField(default=True)

    def validate_reasons(self, value):
        return sorted(value)


class FeedbackRatingSerializer(serializers.Serializer):
    helped = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True)
