"""API representations of tenders and what hangs off them; writes go to commissioning.services.

Related fields are place-scoped (another place's id "does not exist"); who made a comment or asked
a question is left out for everyone but the commissioning team.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
)
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from mapping.models import Theme

from . import selectors
from .models import (
    Award,
    Clarification,
    Comment,
    ResponseKind,
    SectionVersion,
    SpecificationSection,
    Stage,
    Submission,
    Tender,
    TenderInvitation,
    TenderStageChange,
)
from .permissions import acting_organisation_ids, can_run_tender


def _tenders(place):
    return Tender.objects.for_place(place)


def _themes(place):
    return Theme.objects.for_place(place)


class StageChangeSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(read_only=True, help_text="Empty for the first entry.")
    to_stage = serializers.CharField(read_only=True)
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = TenderStageChange
        fields = ["from_stage", "to_stage", "rationale", "changed_by", "changed_at"]


class TenderSerializer(serializers.ModelSerializer):
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
            "timeline",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stage", "co_design_published_at", "created_at", "updated_at"]


class TenderUpdateSerializer(TenderSerializer):
    class Meta(TenderSerializer.Meta):
        read_only_fields = [*TenderSerializer.Meta.read_only_fields, "commissioner"]


class StageChangeRequestSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(
        # Nothing moves back to the pipeline; awarding goes through POST awards/.
        choices=[c for c in Stage.choices if c[0] != Stage.PIPELINE],
        help_text="The next stage.",
    )
    rationale = serializers.CharField()


class SectionVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectionVersion
        fields = ["id", "number", "body", "change_note", "created_at"]


class SectionSerializer(serializers.ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    body = serializers.CharField(write_only=True, help_text="The first version's text.")
    versions = SectionVersionSerializer(many=True, read_only=True)

    class Meta:
        model = SpecificationSection
        fields = ["id", "tender", "heading", "position", "body", "versions", "created_at"]
        read_only_fields = ["position", "created_at"]


class SectionReviseSerializer(serializers.Serializer):
    body = serializers.CharField()
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=300)


def _sections(place):
    return SpecificationSection.objects.for_place(place)


class CommentSerializer(serializers.ModelSerializer):
    section = PlacePrimaryKeyRelatedField(
        model=SpecificationSection,
        place_queryset=_sections,
        write_only=True,
        help_text="The section to comment on (its current version).",
    )
    organisation = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        write_only=True,
        help_text="The organisation you comment for.",
    )
    version = serializers.PrimaryKeyRelatedField(read_only=True)
    by = serializers.SerializerMethodField(help_text="Who commented, as you may know it.")

    class Meta:
        model = Comment
        fields = [
            "id",
            "section",
            "version",
            "organisation",
            "by",
            "body",
            "created_at",
            "response",
            "response_text",
            "responded_at",
        ]
        read_only_fields = ["created_at", "response", "response_text", "responded_at"]

    @extend_schema_field(serializers.CharField())
    def get_by(self, comment):
        labels = self.context.get("participant_labels", {})
        request, place = self.context["request"], self.context["place"]
        tender = comment.version.section.tender
        if can_run_tender(request.user, place, tender):
            return comment.organisation.name
        if comment.organisation_id in acting_organisation_ids(request.user, place):
            return "Your organisation"
        return labels.get((tender.pk, comment.organisation_id), "A participant")


class CommentResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=ResponseKind.choices)
    response_text = serializers.CharField(required=False, allow_blank=True)


class TenderInvitationSerializer(serializers.ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    organisation = serializers.StringRelatedField()

    class Meta:
        model = TenderInvitation
        fields = ["id", "tender", "organisation", "sent_at", "viewed_at"]


class TenderInvitationSendSerializer(serializers.Serializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    organisations = PlacePrimaryKeyRelatedField(
        model=Organisation, place_queryset=organisations_in_place, many=True
    )


class ClarificationSerializer(serializers.ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    organisation = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        write_only=True,
        help_text="The organisation you ask for; never shown to other bidders.",
    )

    class Meta:
        model = Clarification
        fields = ["id", "tender", "organisation", "question", "asked_at", "answer", "answered_at"]
        read_only_fields = ["asked_at", "answer", "answered_at"]


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class SubmissionSerializer(serializers.ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    lead = PlacePrimaryKeyRelatedField(model=Organisation, place_queryset=organisations_in_place)
    partners = PlacePrimaryKeyRelatedField(
        model=Organisation, place_queryset=organisations_in_place, many=True, required=False
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
        ]
        read_only_fields = ["submitted_at", "status", "feedback"]


def _submissions(place):
    return Submission.objects.for_place(place)


class TenderAwardSerializer(serializers.ModelSerializer):
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
    labels = {}
    for tender in tenders:
        for organisation_id, label in selectors.participant_labels(tender).items():
            labels[(tender.pk, organisation_id)] = label
    return labels
