"""API representation of a funder's programme: what it funds, where, when and how.

The funder is chosen when the programme is made and fixed after; the places always include the
one asked in.
"""

from rest_framework import serializers

from coordination.api.fields import PlaceHyperlinkedIdentityField, PlacePrimaryKeyRelatedField
from coordination.api.serializers import ModelSerializer
from coordination.organisations.models import Organisation
from coordination.places.models import Place

from .. import selectors
from ..models import Programme
from ._common import themes_field
from .applying import ProgrammeQuestionSerializer


class ProgrammeSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-programme-detail")
    funder = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=selectors.funders_in_place,
        help_text="Id of the funder organisation (one you act for).",
    )
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    themes = themes_field(required=False, help_text="Slugs of the themes it funds.")
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
    # Applying once: what the programme asks, so applicants see the burden before they start.
    question_count = serializers.IntegerField(read_only=True, default=0)
    document_count = serializers.IntegerField(read_only=True, default=0)
    questions = ProgrammeQuestionSerializer(many=True, read_only=True)
    documents_required = serializers.SlugRelatedField(
        source="document_requirements",
        slug_field="kind",
        many=True,
        read_only=True,
        help_text="Kinds of the standard documents every bid comes with.",
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
            "question_count",
            "document_count",
            "questions",
            "documents_required",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["funder"].read_only = True
        return fields
