"""API: publishing an amendment to an open tender (POST tenders/{id}/amendments/) and removing a
tender while nothing about it was published (DELETE tenders/{id}/). The tender's viewset takes
these actions from ``TenderAmendmentActions``."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination import text_limits
from coordination.api.errors import ErrorSerializer
from coordination.api.serializers import Serializer

from .. import services
from ..serializers import TenderAmendmentSerializer


class AmendedFieldsSerializer(Serializer):
    """The tender's own fields an amendment changes; leave out what stays."""

    description = serializers.CharField(required=False, max_length=text_limits.LONG)
    estimated_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False
    )
    contract_months = serializers.IntegerField(min_value=1, max_value=240, required=False)
    clarification_deadline = serializers.DateTimeField(required=False)
    submission_deadline = serializers.DateTimeField(
        required=False, help_text="Can be extended, never brought forward."
    )
    decision_date = serializers.DateField(required=False)


class AmendedLotSerializer(Serializer):
    id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Id of one of the tender's lots."
    )
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=text_limits.TEXT
    )
    estimated_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class AmendedCriterionSerializer(Serializer):
    id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Id of one of the tender's criteria."
    )
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=text_limits.TEXT
    )
    weight = serializers.IntegerField(
        min_value=1, max_value=100, required=False, help_text="Per cent; all add up to 100."
    )


class AmendmentRequestSerializer(Serializer):
    rationale = serializers.CharField(
        max_length=text_limits.TEXT, help_text="Why; published with the amendment."
    )
    changes = AmendedFieldsSerializer(required=False)
    lots = AmendedLotSerializer(many=True, required=False, max_length=200)
    criteria = AmendedCriterionSerializer(many=True, required=False, max_length=200)


def _by_id(rows):
    return {row["id"]: {k: v for k, v in row.items() if k != "id"} for row in rows or ()}


class TenderAmendmentActions:
    """Actions of the tender viewset: publish an amendment, remove an unpublished tender."""

    @extend_schema(request=AmendmentRequestSerializer, responses={201: TenderAmendmentSerializer})
    @action(detail=True, methods=["post"])
    def amendments(self, request, place_slug=None, pk=None):
        """Publish an amendment to a tender open for bids (while bids are evaluated, only the
        decision date): its timeline and OCDS data show it, and every organisation that bid, was
        invited, registered interest or joined co-design is told. Deadlines never move earlier."""
        tender = self.get_object()
        data = self._request_data(AmendmentRequestSerializer)
        amendment = services.amendment_publish(
            place=self.place,
            actor=request.user,
            tender=tender,
            rationale=data["rationale"],
            changes=dict(data.get("changes") or {}),
            lots=_by_id(data.get("lots")),
            criteria=_by_id(data.get("criteria")),
        )
        return Response(TenderAmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            204: None,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Something about the tender was published: cancel it instead.",
            ),
        }
    )
    def destroy(self, request, *args, **kwargs):
        """Remove a tender added by mistake or as a test, only while nothing about it was
        published (still in the pipeline; nobody invited, interested, in co-design, asking or
        bidding; no amendment). Otherwise 400 with the reasons: cancel it instead."""
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.tender_remove(place=self.place, actor=self.request.user, tender=instance)
