"""Co-design in the API: specification sections with their versions, comments and responses.
Who made a comment is left out for everyone but the commissioning team."""

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
    Comment,
    ResponseKind,
    SectionVersion,
    SpecificationSection,
    Tender,
)
from ..permissions import acting_organisation_ids, can_run_tender
from ._common import _tenders


class SectionVersionSerializer(ModelSerializer):
    class Meta:
        model = SectionVersion
        fields = ["id", "number", "body", "change_note", "created_at"]


class DiffLineSerializer(Serializer):
    kind = serializers.ChoiceField(choices=["same", "added", "removed"])
    text = serializers.CharField()


class VersionChangeSerializer(Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    change_note = serializers.CharField()
    lines = DiffLineSerializer(many=True)


class SectionSerializer(ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    body = serializers.CharField(
        write_only=True, max_length=text_limits.LONG, help_text="The first version's text."
    )
    versions = SectionVersionSerializer(many=True, read_only=True)
    changes = serializers.SerializerMethodField(
        help_text="What changed from each version to the next, line by line."
    )

    class Meta:
        model = SpecificationSection
        fields = [
            "id",
            "tender",
            "heading",
            "position",
            "body",
            "versions",
            "changes",
            "created_at",
        ]
        read_only_fields = ["position", "created_at"]

    @extend_schema_field(VersionChangeSerializer(many=True))
    def get_changes(self, section):
        versions = sorted(section.versions.all(), key=lambda v: v.number)
        return [
            {
                "from_version": older.number,
                "to_version": newer.number,
                "change_note": newer.change_note,
                "lines": [
                    {"kind": line.kind, "text": line.text}
                    for line in selectors.version_diff(older, newer)
                ],
            }
            for older, newer in zip(versions, versions[1:], strict=False)
        ]


class SectionReviseSerializer(Serializer):
    body = serializers.CharField(max_length=text_limits.LONG)
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=300)


def _sections(place):
    return SpecificationSection.objects.for_place(place)


class CommentSerializer(ModelSerializer):
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


class CommentResponseSerializer(Serializer):
    response = serializers.ChoiceField(choices=ResponseKind.choices)
    response_text = serializers.CharField(
        required=False, allow_blank=True, max_length=text_limits.TEXT
    )
