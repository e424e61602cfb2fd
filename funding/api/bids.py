"""API: bids with their decisions and feedback, and the consented summaries other funders read.

Bids are only reachable by their applicant's and funder's members (anyone else gets the same 404 as
for a bid that does not exist); other funders read consented summaries at shared-bids/.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.rows import RowReads
from coordination.api.serializers import prefetched
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.organisations.models import Community
from coordination.places.models import Area
from coordination.vocabularies.models import Theme

from .. import selectors, services
from ..answers import BID_ROWS, bid_answers
from ..models import Bid, BidAttachment, BidEvent, BidState
from ..serializers import (
    AnswersSerializer,
    ApplicationSerializer,
    AttachmentRemoveSerializer,
    AttachmentUploadSerializer,
    AwardSerializer,
    BidSerializer,
    CoordinationSerializer,
    DeclineSerializer,
    FeedbackChangeSerializer,
    FeedbackRatingSerializer,
    SharedBidSerializer,
    UnmetNeedSerializer,
)


class BidFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=BidState.choices)
    programme = IdFilter(field_name="programme_id", label="Programme id")

    class Meta:
        model = Bid
        fields = ["state", "programme"]


class BidViewSet(
    RowReads,
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Bids you may see in full: your organisation's, and those made to your programmes.

    Charity leaders create drafts (POST), change them (PATCH) and submit or withdraw them; the
    programme's funder starts the review, awards, or declines with structured feedback (released
    at once, or kept as a draft that only the funder reads, changes with PATCH …/feedback/ and
    releases later), and releases that feedback; the applicant says whether it helped. Released
    feedback is not changed (400).
    """

    model = Bid
    serializer_class = BidSerializer
    filterset_class = BidFilter
    ordering_fields = ["created_at", "submitted_at", "decided_at", "amount_requested"]
    ordering = ["-created_at"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "view_place_home",
        "retrieve": "view_place_home",
        "create": "apply_for_funding",
        "update": "apply_for_funding",
        "partial_update": "apply_for_funding",
        "submit": "apply_for_funding",
        "withdraw": "apply_for_funding",
        "rate_feedback": "apply_for_funding",
        "review": "decide_bids",
        "award": "decide_bids",
        "decline": "decide_bids",
        "release_feedback": "decide_bids",
        "change_feedback": "decide_bids",
        "attachments": "apply_for_funding",
        "remove_attachment": "apply_for_funding",
        "application": "view_place_home",
        "answer_questions": "apply_for_funding",
    }

    def get_place_queryset(self, place):
        among = self._place_bids(place)  # then narrowed to what the person sees
        return selectors.bids_visible_to(self.request.user, place, among=among)

    @staticmethod
    def _place_bids(place):
        bids = with_slug_lists(
            selectors.place_bids(place),
            themes=SlugList(Theme.objects.all(), "bids"),
            communities=SlugList(Community.objects.all(), "bids"),
            areas=SlugList(Area.objects.for_place(place), "bids"),
        )
        return bids.prefetch_related(
            "feedback__signposts",
            prefetched("events", BidEvent.objects.for_place(place)),
            prefetched(
                "attachments",
                BidAttachment.objects.for_place(place).order_by("uploaded_at", "pk"),
            ),
        )

    row_fields = BID_ROWS

    def answers(self, rows):
        address = self.address_of("api:funding-bid-detail")
        return bid_answers(rows, request=self.request, place=self.place, address=address)

    def perform_create(self, serializer):
        bid = services.bid_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(bid)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        bid = serializer.instance
        services.bid_update(
            place=self.place,
            actor=self.request.user,
            bid=bid,
            areas=data.pop("areas", None),
            themes=data.pop("themes", None),
            communities=data.pop("communities", None),
            **data,
        )
        serializer.instance = self.reread(bid)

    def _done(self, bid):
        return Response(self.get_serializer(self.reread(bid)).data)

    def _simple(self, service):
        bid = self.get_object()
        service(place=self.place, actor=self.request.user, bid=bid)
        return self._done(bid)

    @extend_schema(request=None, responses=BidSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        return self._simple(services.bid_submit)

    @extend_schema(request=None, responses=BidSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        return self._simple(services.bid_withdraw)

    @extend_schema(request=None, responses=BidSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs):
        return self._simple(services.bid_start_review)

    @extend_schema(request=AwardSerializer, responses=BidSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, *args, **kwargs):
        bid = self.get_object()
        payload = AwardSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.bid_award(place=self.place, actor=request.user, bid=bid, **payload.validated_data)
        return self._done(bid)

    @extend_schema(request=DeclineSerializer, responses=BidSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        bid = self.get_object()
        payload = DeclineSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        services.bid_decline(
            place=self.place, actor=request.user, bid=bid, **payload.validated_data
        )
        return self._done(bid)

    @extend_schema(request=None, responses=BidSerializer)
    @action(detail=True, methods=["post"], url_path="release-feedback")
    def release_feedback(self, request, *args, **kwargs):
        return self._simple(services.feedback_release)

    @extend_schema(request=FeedbackChangeSerializer, responses=BidSerializer)
    @action(detail=True, methods=["patch"], url_path="feedback")
    def change_feedback(self, request, *args, **kwargs):
        """Change the draft feedback on a bid you declined (the parts given), before you release
        it. Released feedback is not changed: a 400 says why."""
        bid = self.get_object()
        payload = FeedbackChangeSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        services.feedback_update(
            place=self.place, actor=request.user, bid=bid, **payload.validated_data
        )
        return self._done(bid)

    @extend_schema(request=FeedbackRatingSerializer, responses=BidSerializer)
    @action(detail=True, methods=["post"], url_path="rate-feedback")
    def rate_feedback(self, request, *args, **kwargs):
        bid = self.get_object()
        payload = FeedbackRatingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.feedback_rate(
            place=self.place, actor=request.user, bid=bid, **payload.validated_data
        )
        return self._done(bid)

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer}, responses=BidSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, *args, **kwargs):
        """Attach documents to a draft bid (checked by their content and size)."""
        bid = self.get_object()
        payload = AttachmentUploadSerializer(
            data={"attachments": request.FILES.getlist("attachments")}
        )
        payload.is_valid(raise_exception=True)
        services.attachment_add(
            place=self.place,
            actor=request.user,
            bid=bid,
            files=payload.validated_data["attachments"],
        )
        return self._done(bid)

    @extend_schema(request=AttachmentRemoveSerializer, responses=BidSerializer)
    @action(detail=True, methods=["post"], url_path="remove-attachment")
    def remove_attachment(self, request, *args, **kwargs):
        bid = self.get_object()
        payload = AttachmentRemoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment = (
            selectors.attachments_of(self.place, bid)
            .filter(pk=payload.validated_data["attachment"])
            .first()
        )
        if attachment is None:
            raise NotFound()
        services.attachment_remove(place=self.place, actor=request.user, attachment=attachment)
        return self._done(bid)

    # Applying once: the programme's questions and documents, as this bid fills them.

    def _application(self, bid):
        today = timezone.localdate(timezone=self.place.tz)
        found = selectors.application_of(self.place, bid, today)
        return Response(ApplicationSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def application(self, request, *args, **kwargs):
        """The bid's answers to its programme's questions, the documents filling what the
        programme asks for (from the organisation's kept documents; once submitted, the versions
        sent), and what submitting would refuse as missing."""
        return self._application(self.get_object())

    @extend_schema(request=AnswersSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="answers")
    def answer_questions(self, request, *args, **kwargs):
        """Save answers to a draft bid's questions (each within its word limit: a field error
        on question_<id> otherwise)."""
        bid = self.get_object()
        payload = AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.bid_answers_save(
            place=self.place,
            actor=request.user,
            bid=bid,
            answers={a["question"]: a["text"] for a in payload.validated_data["answers"]},
        )
        return self._application(self.reread(bid))


class SharedBidViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """For funders: other funders' live and awarded bids whose applicants consented to share the
    summary, so funders can see the pipeline and stop duplicating each other."""

    model = Bid
    serializer_class = SharedBidSerializer
    ordering = ["-submitted_at"]
    ordering_fields = ["submitted_at", "amount_requested"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "coordinate_funding",
        "retrieve": "coordinate_funding",
        "overlaps": "coordinate_funding",
    }

    def get_place_queryset(self, place):
        return selectors.shared_bids_for_funder(self.request.user, place)

    @extend_schema(responses=CoordinationSerializer)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def overlaps(self, request, *args, **kwargs):
        """Flags (one organisation, the same purpose or overlapping awards, two funders) among the
        shared bids, and high-severity needs on the map that no current award touches."""
        # The flags are stored as FlagSerializer gave them when the snapshot was computed.
        snapshot = services.figures_snapshot_of(self.place, "overlaps")
        needs = selectors.stored_unmet_needs(self.place, snapshot)
        return Response(
            {
                "flags": selectors.stored_flag_rows(self.place),
                "unmet_needs": UnmetNeedSerializer(needs, many=True).data,
            }
        )
