"""API: tenders, specification sections, co-design comments, invitations, clarifications, bids and
awards under /api/v1/places/<place>/. Reads follow the same privacy as the pages (selectors); writes
call the services, whose refusals come back as field errors in the API's one error shape."""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.rows import RowReads
from coordination.api.serializers import prefetched
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.places.models import Area
from coordination.vocabularies.models import Theme

from . import selectors, services
from .answers import TENDER_ROWS, tender_answers
from .models import (
    Award,
    Clarification,
    Comment,
    Criterion,
    DemandPeriod,
    Lot,
    ProcurementMethod,
    SpecificationSection,
    Stage,
    Submission,
    Tender,
    TenderInvitation,
    TenderStageChange,
)
from .permissions import acting_organisation_ids, can_run_tender, councils_run_by
from .serializers import (
    AnswerSerializer,
    ClarificationSerializer,
    CommentResponseSerializer,
    CommentSerializer,
    CriterionRequestSerializer,
    CriterionSerializer,
    FeedbackRequestSerializer,
    LotRequestSerializer,
    LotSerializer,
    OrganisationRequestSerializer,
    ScoresRequestSerializer,
    SectionReviseSerializer,
    SectionSerializer,
    StageChangeRequestSerializer,
    SubmissionSerializer,
    SuggestionSerializer,
    TenderAwardSerializer,
    TenderInvitationSendSerializer,
    TenderInvitationSerializer,
    TenderSerializer,
    TenderUpdateSerializer,
    participant_labels_for,
)


class _Base(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"


def _co_design_visible(user, place):
    """Tenders whose co-design this person may read: published, theirs to run, or their group's."""
    return (
        Q(co_design_published_at__isnull=False)
        | Q(commissioner__in=councils_run_by(user, place))
        | Q(co_design_members__organisation_id__in=acting_organisation_ids(user, place))
    )


class TenderFilter(django_filters.FilterSet):
    # Declared filters only: a Meta.model would build querysets outside any place scope.
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    procurement_method = django_filters.ChoiceFilter(choices=ProcurementMethod.choices)


class ByTenderFilter(django_filters.FilterSet):
    tender = IdFilter(field_name="tender_id", label="Id of a tender")


class TenderViewSet(
    RowReads,
    _Base,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Tenders with their public timeline, lots, published criteria, invitation counts and
    proportionality flag. Anyone may read; council officers add and run their council's tenders.
    Move a tender on with POST .../stage/ (awarding is POST awards/); add lots and criteria
    before it opens; see whom mapping suggests inviting with GET .../suggestions/. Charities and
    partners register interest (POST .../interest/) and join co-design (POST .../co-design/)."""

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
            Prefetch(
                "demand_periods",
                queryset=DemandPeriod.objects.for_place(place).order_by("starts_on", "pk"),
                to_attr="demand_period_list",
            ),
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
    # which is small (the organisations working in the place whose services match) and made in
    # Python, with no stable key to page on. As the webhook event list and funding summaries.
    @extend_schema(responses=SuggestionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request, place_slug=None, pk=None):
        """Local organisations to invite: their mapped services match the tender's themes and
        areas (the commissioning council's officers only)."""
        tender = self.get_object()
        if not can_run_tender(request.user, self.place, tender):
            raise PermissionDenied(_("Only the commissioning council's officers see this."))
        rows = [
            {
                "organisation": organisation.pk,
                "name": organisation.name,
                "services": [service.name for service in found],
            }
            for organisation, found in selectors.suggested_organisations(self.place, tender)
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


class SectionViewSet(
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """The specification as versioned sections. Public once the tender opens; before that, only
    the commissioning team and the co-design group. POST .../revise/ adds a version."""

    model = SpecificationSection
    serializer_class = SectionSerializer
    filterset_class = ByTenderFilter
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "run_tenders",
        "revise": "run_tenders",
    }

    def get_place_queryset(self, place):
        tenders = Tender.objects.for_place(place).filter(
            _co_design_visible(self.request.user, place)
        )
        return (
            SpecificationSection.objects.for_place(place)
            .filter(tender__in=tenders)
            .prefetch_related("versions")
            .order_by("tender_id", "position", "pk")
        )

    def perform_create(self, serializer):
        section = services.section_add(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(section)

    @extend_schema(request=SectionReviseSerializer, responses=SectionSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, place_slug=None, pk=None):
        """Add a new version of the section's text."""
        section = self.get_object()
        serializer = SectionReviseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.section_revise(
            place=self.place, actor=request.user, section=section, **serializer.validated_data
        )
        return Response(
            SectionSerializer(self.reread(section), context=self.get_serializer_context()).data
        )


class CommentViewSet(
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Co-design comments and the commissioner's answers. Who commented is shown only to the
    commissioning team (and the organisation itself). POST .../respond/ answers one."""

    model = Comment
    serializer_class = CommentSerializer
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_tenders",
        "respond": "run_tenders",
    }

    def get_place_queryset(self, place):
        tenders = Tender.objects.for_place(place).filter(
            _co_design_visible(self.request.user, place)
        )
        return (
            Comment.objects.for_place(place)
            .filter(version__section__tender__in=tenders)
            .select_related("organisation", "version__section__tender")
            .order_by("created_at", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            tenders = Tender.objects.for_place(self.place).filter(
                _co_design_visible(self.request.user, self.place)
            )
            context["participant_labels"] = participant_labels_for(self.place, tenders)
        return context

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        section = data.pop("section")
        comment = services.comment_add(
            place=self.place,
            actor=self.request.user,
            version=services.latest_version(section),
            **data,
        )
        serializer.instance = self.reread(comment)

    @extend_schema(request=CommentResponseSerializer, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, place_slug=None, pk=None):
        """Answer the comment: accepted, partly (with what was done) or not taken (with why)."""
        comment = self.get_object()
        serializer = CommentResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.comment_respond(
            place=self.place, actor=request.user, comment=comment, **serializer.validated_data
        )
        return Response(
            CommentSerializer(self.reread(comment), context=self.get_serializer_context()).data
        )


class InvitationViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Invitations to tenders (the commissioning team's view). POST invites organisations, who
    hear by email and in InPlace; the counts are public on each tender."""

    model = TenderInvitation
    serializer_class = TenderInvitationSerializer
    filterset_class = ByTenderFilter
    place_actions = {"list": "run_tenders", "retrieve": "run_tenders", "create": "run_tenders"}

    def get_place_queryset(self, place):
        return (
            TenderInvitation.objects.for_place(place)
            .filter(tender__commissioner__in=councils_run_by(self.request.user, place))
            .select_related("organisation")
            .order_by("sent_at", "pk")
        )

    @extend_schema(
        request=TenderInvitationSendSerializer, responses=TenderInvitationSerializer(many=True)
    )
    def create(self, request, place_slug=None):
        serializer = TenderInvitationSendSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        sent = services.invitations_send(
            place=self.place, actor=request.user, **serializer.validated_data
        )
        data = TenderInvitationSerializer(
            sent, many=True, context=self.get_serializer_context()
        ).data
        return Response(data, status=status.HTTP_201_CREATED)


class ClarificationViewSet(
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Questions about tenders. Answered ones are public and never say who asked; an organisation
    also sees its own unanswered ones. POST .../answer/ publishes an answer."""

    model = Clarification
    serializer_class = ClarificationSerializer
    filterset_class = ByTenderFilter
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "take_part_in_tenders",
        "answer": "run_tenders",
    }

    def get_place_queryset(self, place):
        user = self.request.user
        return (
            Clarification.objects.for_place(place)
            .filter(
                ~Q(answer="")
                | Q(organisation_id__in=acting_organisation_ids(user, place))
                | Q(tender__commissioner__in=councils_run_by(user, place))
            )
            .order_by("asked_at", "pk")
        )

    def perform_create(self, serializer):
        clarification = services.clarification_ask(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(clarification)

    @extend_schema(request=AnswerSerializer, responses=ClarificationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, place_slug=None, pk=None):
        """Publish the answer to everyone interested."""
        clarification = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.clarification_answer(
            place=self.place,
            actor=request.user,
            clarification=clarification,
            **serializer.validated_data,
        )
        data = ClarificationSerializer(
            self.reread(clarification), context=self.get_serializer_context()
        )
        return Response(data.data)


class SubmissionViewSet(
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
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
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
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
