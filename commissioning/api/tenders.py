"""API: tenders with their public timeline, lots, criteria and counts; the council runs them,
charities and partners register interest and join co-design.
"""

import django_filters
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from coordination.api.permissions import PUBLIC
from coordination.api.rows import RowReads
from coordination.api.serializers import prefetched
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.places.models import Area
from coordination.vocabularies.models import Theme

from .. import selectors, services
from ..answers import TENDER_ROWS, tender_answers
from ..models import (
    Criterion,
    DemandPeriod,
    Lot,
    ProcurementMethod,
    Stage,
    Tender,
    TenderAmendment,
    TenderStageChange,
)
from ..permissions import can_run_tender
from ..serializers import (
    CriterionRequestSerializer,
    CriterionSerializer,
    LotRequestSerializer,
    LotSerializer,
    OrganisationRequestSerializer,
    StageChangeRequestSerializer,
    SuggestionSerializer,
    TenderSerializer,
    TenderUpdateSerializer,
)
from ._common import ViewSetBase
from .amendments import AmendmentRequestSerializer, TenderAmendmentActions


class TenderFilter(django_filters.FilterSet):
    # Declared filters only: a Meta.model would build querysets outside any place scope.
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    procurement_method = django_filters.ChoiceFilter(choices=ProcurementMethod.choices)


class TenderViewSet(
    TenderAmendmentActions,
    RowReads,
    ViewSetBase,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """Tenders with their public timeline, lots, published criteria, invitation counts and
    proportionality flag. Anyone may read; council officers add and run their council's tenders.
    Move a tender on with POST .../stage/ (awarding is POST awards/); add lots and criteria
    before it opens; once it is open, change it only with POST .../amendments/; DELETE removes it
    only while nothing about it was published; see whom to invite with GET .../suggestions/
    (locally embedded organisations first). Charities and partners register interest
    (POST .../interest/) and join co-design (POST .../co-design/)."""

    model = Tender
    serializer_class = TenderSerializer
    filterset_class = TenderFilter
    ordering_fields = ["created_at", "submission_deadline", "estimated_value"]
    ordering = ["-created_at"]
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "run_tenders",
        "update": "run_tenders",
        "partial_update": "run_tenders",
        "destroy": "run_tenders",
        "amendments": "run_tenders",
        "stage": "run_tenders",
        "lots": "run_tenders",
        "criteria": "run_tenders",
        "suggestions": "run_tenders",
        "interest": "take_part_in_tenders",
        "co_design": "take_part_in_tenders",
    }

    def get_place_queryset(self, place):
        tenders = with_slug_lists(
            selectors.tenders_in_place(place),
            themes=SlugList(Theme.objects.all(), "tenders"),
            areas=SlugList(Area.objects.for_place(place), "tenders"),
        )
        tenders = tenders.prefetch_related(
            prefetched(
                "stage_changes",
                TenderStageChange.objects.for_place(place).select_related("changed_by"),
            ),
            prefetched("lots", Lot.objects.for_place(place).order_by("pk")),
            prefetched("criteria", Criterion.objects.for_place(place).order_by("pk")),
            prefetched(
                "amendments",
                TenderAmendment.objects.for_place(place)
                .select_related("published_by")
                .order_by("number"),
            ),
            Prefetch(
                "demand_periods",
                queryset=DemandPeriod.objects.for_place(place).order_by("starts_on", "pk"),
                to_attr="demand_period_list",
            ),
        )
        # The opening of sealed bids (one row at most per tender), for ``bids_opened``.
        tenders = tenders.annotate(
            bids_opened_at=F("bid_opening__opened_at"),
            bids_opened_count=F("bid_opening__bids_received"),
        )
        return selectors.with_public_counts(tenders, place)

    row_fields = TENDER_ROWS

    def answers(self, rows):
        return tender_answers(rows, place=self.place, address=self.address_of("api:tender-detail"))

    def get_serializer_class(self):
        serializers_by_action = {
            "update": TenderUpdateSerializer,
            "partial_update": TenderUpdateSerializer,
            "stage": StageChangeRequestSerializer,
            "lots": LotRequestSerializer,
            "criteria": CriterionRequestSerializer,
            "amendments": AmendmentRequestSerializer,
            "interest": OrganisationRequestSerializer,
            "co_design": OrganisationRequestSerializer,
            "suggestions": SuggestionSerializer,
        }
        return serializers_by_action.get(self.action, TenderSerializer)

    def _request_data(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _tender_response(self, tender, status_code=status.HTTP_200_OK):
        data = TenderSerializer(self.reread(tender), context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def perform_create(self, serializer):
        tender = services.tender_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(tender)

    def perform_update(self, serializer):
        tender = services.tender_update(
            place=self.place,
            actor=self.request.user,
            tender=serializer.instance,
            **serializer.validated_data,
        )
        serializer.instance = self.reread(tender)

    @extend_schema(request=StageChangeRequestSerializer, responses=TenderSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, place_slug=None, pk=None):
        """Move the tender to its next stage, with the rationale shown on its public timeline."""
        tender = self.get_object()
        serializer = StageChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.tender_change_stage(
            place=self.place, actor=request.user, tender=tender, **serializer.validated_data
        )
        return Response(
            TenderSerializer(self.reread(tender), context=self.get_serializer_context()).data
        )

    @extend_schema(request=LotRequestSerializer, responses={201: LotSerializer})
    @action(detail=True, methods=["post"])
    def lots(self, request, place_slug=None, pk=None):
        """Add a lot (before the tender opens for bids)."""
        tender = self.get_object()
        data = self._request_data(LotRequestSerializer)
        lot = services.lot_add(place=self.place, actor=request.user, tender=tender, **data)
        return Response(LotSerializer(lot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CriterionRequestSerializer, responses={201: CriterionSerializer})
    @action(detail=True, methods=["post"])
    def criteria(self, request, place_slug=None, pk=None):
        """Publish an evaluation criterion (before the tender opens; weights add up to 100)."""
        tender = self.get_object()
        data = self._request_data(CriterionRequestSerializer)
        criterion = services.criterion_add(
            place=self.place, actor=request.user, tender=tender, **data
        )
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)

    # All of them, in one plain list: a commissioner picks whom to invite from the whole set,
    # which is small (the locally embedded organisations working in the tender's areas) and made in
    # Python, with no stable key to page on. As the webhook event list and funding summaries.
    @extend_schema(responses=SuggestionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, place_slug=None, pk=None):
        """Locally embedded organisations to invite, with the reasons, ranked: those whose mapped
        services match the tender's themes first (the commissioning council's officers only).
        Others are not suggested; invite them by id on purpose (POST tender-invitations/)."""
        tender = self.get_object()
        if not can_run_tender(request.user, self.place, tender):
            raise PermissionDenied(_("Only the commissioning council's officers see this."))
        rows = [
            {
                "organisation": found.organisation.pk,
                "name": found.organisation.name,
                "locally_embedded": True,
                "reasons": [str(reason) for reason in found.reasons],
                "services": [service.name for service in found.services],
            }
            for found in selectors.suggested_organisations(self.place, tender)
        ]
        return Response(SuggestionSerializer(rows, many=True).data)

    @extend_schema(request=OrganisationRequestSerializer, responses={201: TenderSerializer})
    @action(detail=True, methods=["post"])
    def interest(self, request, place_slug=None, pk=None):
        """Register an organisation's interest: it hears of deadlines and answers."""
        tender = self.get_object()
        data = self._request_data(OrganisationRequestSerializer)
        services.interest_register(place=self.place, actor=request.user, tender=tender, **data)
        return self._tender_response(tender, status.HTTP_201_CREATED)

    @extend_schema(request=OrganisationRequestSerializer, responses={201: TenderSerializer})
    @action(detail=True, methods=["post"], url_path="co-design")
    def co_design(self, request, place_slug=None, pk=None):
        """Join the tender's co-design group, to read the drafts and comment on them."""
        tender = self.get_object()
        data = self._request_data(OrganisationRequestSerializer)
        services.co_design_join(place=self.place, actor=request.user, tender=tender, **data)
        return self._tender_response(tender, status.HTTP_201_CREATED)
