"""API: programmes (public), bids with their decisions and feedback (privacy rules), grants (public).

Bids are only reachable by their applicant's and funder's members (anyone else gets the same 404 as
for a bid that does not exist); other funders read consented summaries at shared-bids/.
"""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.rows import RowReads
from coordination.api.serializers import prefetched
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.organisations.models import Community
from coordination.places.models import Area
from coordination.vocabularies.models import Theme

from . import selectors, services
from .answers import BID_ROWS, bid_answers
from .models import (
    Bid,
    BidAttachment,
    BidEvent,
    BidState,
    BoardFund,
    FundApplication,
    FundingType,
    FundPayment,
    Programme,
)
from .serializers import (
    AttachmentRemoveSerializer,
    AttachmentUploadSerializer,
    AwardSerializer,
    BidSerializer,
    BoardFundSerializer,
    CoordinationSerializer,
    DeclineSerializer,
    FeedbackRatingSerializer,
    FundApplicationSerializer,
    FundDecisionSerializer,
    FundPaymentSerializer,
    FundScheduleSerializer,
    GrantReportSerializer,
    GrantSerializer,
    GrantWithdrawSerializer,
    PlaceFiguresSerializer,
    ProgrammeSerializer,
    SharedBidSerializer,
)


class ProgrammeFilter(django_filters.FilterSet):
    funding_type = django_filters.ChoiceFilter(choices=FundingType.choices)
    funder = IdFilter(field_name="funder_id", label="Funder organisation id")

    class Meta:
        model = Programme
        fields = ["funding_type", "funder"]


class ProgrammeViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Funders' programmes running in this place. Funders add and change their own."""

    model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["title", "deadline", "opens_on", "created_at"]
    ordering = ["title"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "manage_programmes",
        "update": "manage_programmes",
        "partial_update": "manage_programmes",
    }

    def get_place_queryset(self, place):
        return selectors.programmes_in_place(place).prefetch_related("places")

    def perform_create(self, serializer):
        programme = services.programme_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(programme)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        programme = Programme.objects.get(pk=serializer.instance.pk)
        services.programme_update(
            place=self.place,
            actor=self.request.user,
            programme=programme,
            themes=data.pop("themes", None),
            places=data.pop("places", None),
            **data,
        )
        serializer.instance = self.reread(programme)


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
    programme's funder starts the review, awards, or declines with structured feedback, and
    releases that feedback; the applicant says whether it helped.
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
        "attachments": "apply_for_funding",
        "remove_attachment": "apply_for_funding",
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
        found = selectors.coordination_flags(self.place)
        return Response(
            CoordinationSerializer(
                {"flags": found["flags"], "unmet_needs": found["unmet_needs"]}
            ).data
        )


class GrantViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Grants awarded in this place: public. Declined, live and withdrawn bids are never here."""

    model = Bid
    serializer_class = GrantSerializer
    ordering = ["-decided_at"]
    ordering_fields = ["decided_at", "amount_awarded"]
    lookup_value_converter = "int"
    place_actions = {"list": PUBLIC, "retrieve": PUBLIC, "figures": PUBLIC}

    def get_place_queryset(self, place):
        return selectors.awarded_grants(place)

    @extend_schema(responses=PlaceFiguresSerializer)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request, *args, **kwargs):
        """The published figures for the place and for each funder with a programme here."""
        figures, funder_figures = selectors.place_and_funder_figures(self.place)
        data = {
            "place": figures,
            "funders": [
                {"funder": funder, "figures": figures} for funder, figures in funder_figures
            ],
        }
        return Response(PlaceFiguresSerializer(data).data)


# Community board funds


class BoardFundFilter(django_filters.FilterSet):
    board = IdFilter(field_name="board_id", label="Board id")
    year = django_filters.NumberFilter(field_name="year", label="Financial year starting")

    class Meta:
        model = BoardFund
        fields = ["board", "year"]


class BoardFundViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Boards' funds, a year each: budget, committed, paid, left and the agreed priorities. Public
    for public boards. A board's chair, vice-chair or secretary (or a coordinator) sets one up and
    changes it; the budget never falls below what is committed."""

    model = BoardFund
    serializer_class = BoardFundSerializer
    filterset_class = BoardFundFilter
    ordering_fields = ["year", "created_at"]
    ordering = ["-year", "pk"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_boards",
        "update": "take_part_in_boards",
        "partial_update": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.funds_visible_to(place, self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        fund = services.fund_create(
            place=self.place,
            actor=self.request.user,
            board=data["board"],
            year=data["year"],
            budget=data["budget"],
            accountable_body=data["programme"]["funder"],
            priorities=data.get("priority_titles", ()),
            priorities_meeting=data.get("priorities_meeting"),
            report_due_weeks=data.get("report_due_weeks", 12),
            low_balance_percent=data.get("low_balance_percent", 20),
        )
        serializer.instance = self.reread(fund)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("programme", None)
        fund = services.fund_update(
            place=self.place,
            actor=self.request.user,
            fund=serializer.instance,
            add_priorities=data.pop("priority_titles", ()),
            **{k: v for k, v in data.items() if k in services.FUND_FIELDS},
        )
        serializer.instance = self.reread(fund)


class FundApplicationFilter(django_filters.FilterSet):
    fund = IdFilter(field_name="fund_id", label="Board fund id")
    state = django_filters.ChoiceFilter(field_name="bid__state", choices=BidState.choices)
    proposal = IdFilter(field_name="proposal_id", label="Resident's idea id")

    class Meta:
        model = FundApplication
        fields = ["fund", "state", "proposal"]


class FundApplicationViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications to board funds you may see: your group's, and (once sent) those to the funds
    of boards whose business you see.

    A group's leader drafts one (POST: a few questions up to £1,000, outcomes and budget above; an
    amount over what the fund has left is a 400), sends it (…/submit/) and reports on what the
    money did (…/report/). Whoever runs the board puts it on a meeting's agenda (…/schedule/),
    records the decision at that meeting (…/decide/: refused outside a meeting, a second time or
    over the budget; a decline carries feedback), records payments and withdraws grants."""

    model = FundApplication
    serializer_class = FundApplicationSerializer
    filterset_class = FundApplicationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    lookup_value_converter = "int"
    place_actions = {
        "list": "view_place_home",
        "retrieve": "view_place_home",
        "create": "apply_for_funding",
        "submit": "apply_for_funding",
        "report": "apply_for_funding",
        "schedule": "take_part_in_boards",
        "decide": "take_part_in_boards",
        "payments": "take_part_in_boards",
        "withdraw_grant": "take_part_in_boards",
    }

    def get_place_queryset(self, place):
        return selectors.fund_applications_visible_to(self.request.user, place).prefetch_related(
            prefetched("payments", FundPayment.objects.for_place(place))
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        bid = data.pop("bid")
        application = services.fund_application_create(
            place=self.place,
            actor=self.request.user,
            fund=data["fund"],
            applicant=bid["applicant"],
            title=bid["title"],
            summary=bid["summary"],
            amount_requested=bid["amount_requested"],
            duration_months=bid.get("duration_months"),
            priority=data.get("priority"),
            proposal=data.get("proposal"),
            outcomes=data.get("outcomes", ""),
            budget_breakdown=data.get("budget_breakdown", ""),
            other_funding=data.get("other_funding", ""),
        )
        serializer.instance = self.reread(application)

    def _done(self, application):
        return Response(self.get_serializer(self.reread(application)).data)

    def _with(self, payload_class, service, request):
        application = self.get_object()
        payload = payload_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        service(
            place=self.place,
            actor=request.user,
            application=application,
            **payload.validated_data,
        )
        return self._done(application)

    @extend_schema(request=None, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        application = self.get_object()
        services.bid_submit(place=self.place, actor=request.user, bid=application.bid)
        return self._done(application)

    @extend_schema(request=FundScheduleSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, *args, **kwargs):
        return self._with(FundScheduleSerializer, services.fund_application_schedule, request)

    @extend_schema(request=FundDecisionSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        return self._with(FundDecisionSerializer, services.fund_application_decide, request)

    @extend_schema(request=FundPaymentSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def payments(self, request, *args, **kwargs):
        return self._with(FundPaymentSerializer, services.fund_payment_record, request)

    @extend_schema(request=GrantWithdrawSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-grant")
    def withdraw_grant(self, request, *args, **kwargs):
        return self._with(GrantWithdrawSerializer, services.fund_grant_withdraw, request)

    @extend_schema(request=GrantReportSerializer, responses=FundApplicationSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        return self._with(GrantReportSerializer, services.grant_report_submit, request)
