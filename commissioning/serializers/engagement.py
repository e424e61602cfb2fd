"""Invitations and clarifications in the API: who was invited, questions asked and answered."""

from rest_framework import serializers

from coordination import text_limits
from coordination.api.fields import (
    PlacePrimaryKeyRelatedField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Organisation
from coordination.organisations.selectors import organisations_in_place

from ..models import (
    Clarification,
    Tender,
    TenderInvitation,
)
from ._common import _tenders


class TenderInvitationSerializer(ModelSerializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    organisation = serializers.StringRelatedField()

    class Meta:
        model = TenderInvitation
        fields = ["id", "tender", "organisation", "sent_at", "viewed_at"]
        read_only_fields = ["sent_at"]


class TenderInvitationSendSerializer(Serializer):
    tender = PlacePrimaryKeyRelatedField(model=Tender, place_queryset=_tenders)
    organisations = PlacePrimaryKeyRelatedField(
        model=Organisation, place_queryset=organisations_in_place, many=True
    )


class ClarificationSerializer(ModelSerializer):
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


class AnswerSerializer(Serializer):
    answer = serializers.CharField(max_length=text_limits.TEXT)
