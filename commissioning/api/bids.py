"""API: bids on tenders, seen only by their bidder and the commissioning team, with scores and
feedback; and the public award decisions.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.permissions import PUBLIC

from .. import selectors, services
from ..models import Award, Submission
from ..serializers import (
    FeedbackRequestSerializer,
    ScoresRequestSerializer,
    SubmissionSerializer,
    TenderAwardSerializer,
)
from ._common import ByTenderFilter, ViewSetBase


class SubmissionViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Bids. Each is seen only by its bidder (lead or partner) and the commissioning team; anyone
    else gets an empty list or a 404. A bid after the deadline is refused."""

    model = Submission
    serializer_class = SubmissionSerializer
    filterset_class = ByTenderFilter
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_tenders",
        "withdraw": "take_part_in_tenders",
        "scores": "run_tenders",
        "feedback": "run_tenders",
    }

    def get_place_queryset(self, place):
        return selectors.submissions_visible_to(self.request.user, place)

    def get_serializer_class(self):
        return {
            "scores": ScoresRequestSerializer,
            "feedback": FeedbackRequestSerializer,
        }.get(self.action, SubmissionSerializer)

    def perform_create(self, serializer):
        submission = services.submission_submit(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(submission)

    def _submission_response(self, submission):
        data = SubmissionSerializer(self.reread(submission), context=self.get_serializer_context())
        return Response(data.data)

    @extend_schema(request=ScoresRequestSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, place_slug=None, pk=None):
        """Score the bid against the tender's published criteria (in evaluation)."""
        submission = self.get_object()
        serializer = ScoresRequestSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.scores_record(
            place=self.place,
            actor=request.user,
            submission=submission,
            scores=[
                (row["criterion"], row["score"], row.get("comment", ""))
                for row in serializer.validated_data["scores"]
            ],
        )
        return self._submission_response(submission)

    @extend_schema(request=FeedbackRequestSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, place_slug=None, pk=None):
        """Give an unsuccessful bidder feedback (after the award); the bidder is told."""
        submission = self.get_object()
        serializer = FeedbackRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.feedback_give(
            place=self.place,
            actor=request.user,
            submission=submission,
            **serializer.validated_data,
        )
        return self._submission_response(submission)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, place_slug=None, pk=None):
        """Withdraw your organisation's bid before bids close (you may then submit again)."""
        submission = self.get_object()
        services.submission_withdraw(place=self.place, actor=request.user, submission=submission)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AwardViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Award decisions with their rationale, public. Council officers award their council's
    tenders in evaluation."""

    model = Award
    serializer_class = TenderAwardSerializer
    place_actions = {"list": PUBLIC, "retrieve": PUBLIC, "create": "run_tenders"}

    def get_place_queryset(self, place):
        return selectors.awards_in_place(place)

    def perform_create(self, serializer):
        award = services.award_make(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(award)
