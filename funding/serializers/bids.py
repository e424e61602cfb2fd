"""API representations of bids: in full for the applicant's and the funder's members, the
consented summary other funders see (SharedBidSerializer), and the public grant (awards only).
"""

from django.urls import reverse
from rest_framework import serializers

from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Community, Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.selectors import communities_for_place

from .. import selectors
from ..models import Bid, BidAttachment, BidEvent, Programme
from ._common import themes_field
from .decisions import FeedbackSerializer


class BidEventSerializer(ModelSerializer):
    # Plain strings: the values are the bid's states, already documented once as its state enum.
    from_state = serializers.CharField(
        read_only=True, help_text="The state before (empty when the bid was created)."
    )
    to_state = serializers.CharField(read_only=True, help_text="The state after.")

    class Meta:
        model = BidEvent
        fields = ["from_state", "to_state", "at"]
        read_only_fields = fields


class AttachmentSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download = serializers.SerializerMethodField(
        help_text="The file, for whoever may see the bid in full (signed-in browser session)."
    )

    class Meta:
        model = BidAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        request = self.context.get("request")
        path = reverse(
            "places:funding:attachment_download",
            kwargs={"place_slug": self.context["place"].slug, "pk": attachment.pk},
        )
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text="One or more files (multipart/form-data, the field repeated for several).",
    )


class AttachmentRemoveSerializer(Serializer):
    attachment = serializers.IntegerField(help_text="Id of the attachment to remove.")


class BidSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-bid-detail")
    programme = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place
    )
    applicant = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="Id of the applying organisation (one you lead).",
    )
    themes = themes_field(required=False)
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
    attachments = AttachmentSerializer(many=True, read_only=True)
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
            "spend_by",
            "awarded_in_past",
            "feedback",
            "attachments",
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
            "spend_by",
            "awarded_in_past",
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


class SharedBidSerializer(ModelSerializer):
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


class GrantSerializer(ModelSerializer):
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
            "spend_by",
            "awarded_in_past",
            "decided_at",
        ]
        read_only_fields = fields
