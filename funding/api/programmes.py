"""API: funders' programmes running in a place (public); funders add and change their own."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.serializers import prefetched

from .. import selectors, services
from ..models import FundingType, Programme, ProgrammeDocumentRequirement, ProgrammeQuestion
from ..serializers import (
    ProgrammeQuestionSerializer,
    ProgrammeSerializer,
    QuestionRemoveSerializer,
    RequirementSerializer,
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
        "questions": "manage_programmes",
        "remove_question": "manage_programmes",
        "documents": "manage_programmes",
        "remove_document": "manage_programmes",
    }

    def get_place_queryset(self, place):
        return selectors.with_burden(selectors.programmes_in_place(place)).prefetch_related(
            "places",
            "document_requirements",
            prefetched("questions", ProgrammeQuestion.objects.order_by("position", "pk")),
        )

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

    # Applying once: the funder says what the programme asks. Each answers the programme.

    def _done(self, programme):
        return Response(self.get_serializer(self.reread(programme)).data)

    @extend_schema(request=ProgrammeQuestionSerializer, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def questions(self, request, *args, **kwargs):
        """Add a question every bid answers (after the ones already asked)."""
        programme = self.get_object()
        payload = ProgrammeQuestionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.question_add(
            place=self.place, actor=request.user, programme=programme, **payload.validated_data
        )
        return self._done(programme)

    @extend_schema(request=QuestionRemoveSerializer, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"], url_path="remove-question")
    def remove_question(self, request, *args, **kwargs):
        """Take a question off (refused once bids have answered it)."""
        programme = self.get_object()
        payload = QuestionRemoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = ProgrammeQuestion.objects.filter(
            programme=programme, pk=payload.validated_data["question"]
        ).first()
        if question is None:
            raise NotFound()
        services.question_remove(place=self.place, actor=request.user, question=question)
        return self._done(programme)

    @extend_schema(request=RequirementSerializer, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, *args, **kwargs):
        """Ask for a standard document with every bid (filled from the applicant's kept ones)."""
        programme = self.get_object()
        payload = RequirementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.requirement_add(
            place=self.place, actor=request.user, programme=programme, **payload.validated_data
        )
        return self._done(programme)

    @extend_schema(request=RequirementSerializer, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"], url_path="remove-document")
    def remove_document(self, request, *args, **kwargs):
        programme = self.get_object()
        payload = RequirementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        requirement = ProgrammeDocumentRequirement.objects.filter(
            programme=programme, kind=payload.validated_data["kind"]
        ).first()
        if requirement is None:
            raise NotFound()
        services.requirement_remove(place=self.place, actor=request.user, requirement=requirement)
        return self._done(programme)
