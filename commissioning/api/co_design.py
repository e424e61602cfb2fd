"""API: a tender's specification as versioned sections, and the co-design comments on it with the
commissioner's answers. Before the tender opens only the commissioning team and the co-design
group read them.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.permissions import PUBLIC

from .. import services
from ..models import Comment, SpecificationSection, Tender
from ..serializers import (
    CommentResponseSerializer,
    CommentSerializer,
    SectionReviseSerializer,
    SectionSerializer,
    participant_labels_for,
)
from ._common import ByTenderFilter, ViewSetBase, co_design_visible


class SectionViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
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
            co_design_visible(self.request.user, place)
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
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
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
            co_design_visible(self.request.user, place)
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
                co_design_visible(self.request.user, self.place)
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
