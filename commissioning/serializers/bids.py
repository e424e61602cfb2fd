"""Bids in the API: submissions with their scores and feedback, and awards."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coordination import text_limits
from coordination.api.fields import (
    PlacePrimaryKeyRelatedField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place

from .. import selectors
from ..models import (
    Award,
    Criterion,
    Score,
    Submission,
    Tender,
)
from ..permissions import can_run_tender
from ._common import _tenders


def _criteria(place):
    return Criterion.objects.for_place(place)


class ScoreSerializer(ModelSerializer):
    criterion = PlacePrimaryKeyRelatedField(model=Criterion, place_queryset=_criteria)

    class Meta:
        model = Score
        fields = ["criterion", "score", "comment"]
        extra_kwargs = {"score": {"min_value": 0, "max_value": 10}}


class ScoresRequestSerializer(Serializer):
    scores = ScoreSerializer(
        many=True,
        help_text="A score out of 10 for each criterion; all are saved or none.",
    )


class FeedbackRequestSerializer(Serializer):
    feedback = serializers.CharField(max_length=text_limits.TEXT)


class SubmissionSerializer(ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    lead = PlacePrimaryKeyRelatedField(model=Organisation, place_queryset=organisations_in_place)
    partners = PlacePrimaryKeyRelatedField(
        model=Organisation, place_queryset=organisations_in_place, many=True, required=False
    )

    scores = serializers.SerializerMethodField(
        help_text="Scores per criterion: for the commissioning team, and for the bidder once "
        "the award is made. Null otherwise."
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "tender",
            "lead",
            "partners",
            "summary",
            "price",
            "submitted_at",
            "status",
            "feedback",
            "scores",
        ]
        read_only_fields = ["submitted_at", "status", "feedback"]

    @extend_schema_field(ScoreSerializer(many=True, allow_null=True))
    def get_scores(self, submission):
        request, place = self.context.get("request"), self.context.get("place")
        if request is None or place is None:
            return None
        runner = can_run_tender(request.user, place, submission.tender)
        if not runner and submission.status == "submitted":
            return None
        return [
            {"criterion": s.criterion_id, "score": s.score, "comment": s.comment if runner else ""}
            for s in selectors.scores_of(submission)
        ]


def _submissions(place):
    return Submission.objects.for_place(place)


class TenderAwardSerializer(ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    submission = PlacePrimaryKeyRelatedField(
        model=Submission, place_queryset=_submissions, write_only=True
    )
    supplier = serializers.CharField(source="submission.lead.name", read_only=True)

    class Meta:
        model = Award
        fields = ["id", "tender", "submission", "supplier", "value", "rationale", "decided_at"]
        read_only_fields = ["decided_at"]


def participant_labels_for(place, tenders):
    return selectors.participant_labels_of_tenders(place, [tender.pk for tender in tenders])
