"""API: published notes of what worked from every place, and a place's own notes.

Anyone reads published notes; a place's admins and council officers also see its drafts, write,
change and publish them. People (not partner keys) follow a note from a place of theirs.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC, PlacePermission
from coordination.notifications.api import PersonNotPartnerKey

from . import selectors, services
from .models import PracticeFigure, PracticeFollow, PracticeNote
from .serializers import (
    FollowRequestSerializer,
    FollowSerializer,
    PracticeNoteSerializer,
    UnfollowRequestSerializer,
)

WRITE = "write_practice_notes"


def _with_rows(notes):
    """Figures and follows read once for a page of notes (follows are any place's)."""
    return notes.prefetch_related(
        Prefetch("figures", queryset=PracticeFigure._base_manager.order_by("created_at", "pk")),
        Prefetch(
            "follows",
            queryset=PracticeFollow._base_manager.filter(place__is_active=True)
            .select_related("place")
            .order_by("pk"),
            to_attr="follow_rows",
        ),
    )


class EverywhereFilter(django_filters.FilterSet):
    place = django_filters.CharFilter(
        field_name="place__slug", max_length=60, label="Slug of the place that wrote it"
    )
    theme = django_filters.CharFilter(
        field_name="theme__slug", max_length=100, label="Slug of a shared theme"
    )

    class Meta:
        model = PracticeNote
        fields = ["place", "theme"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("theme"):
            queryset = queryset.filter(theme__place__isnull=True)
        return queryset


class PracticeNoteEverywhereViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published notes of what worked, from every place, newest first. Public."""

    serializer_class = PracticeNoteSerializer
    permission_classes = [AllowAny]
    partner_keys_allowed = True  # public: the same list for everyone
    filterset_class = EverywhereFilter
    ordering_fields = ["published_at", "title"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PracticeNote._base_manager.none()
        return _with_rows(selectors.published_everywhere())


class PracticeNoteViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A place's notes of what worked: published ones to anyone, drafts to their writers.

    Admins and council officers of the place write a note (POST, a draft), change it (PATCH; sent
    figures replace its figures) and publish it (POST …/publish/, a 400 when it is published
    already). A signed-in person follows a published note from a place of theirs other than the
    note's (POST …/follow/) and stops (POST …/unfollow/); partner keys cannot.
    """

    model = PracticeNote
    serializer_class = PracticeNoteSerializer
    ordering_fields = ["created_at", "published_at", "title"]
    ordering = ["-created_at", "-id"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": WRITE,
        "update": WRITE,
        "partial_update": WRITE,
        "publish": WRITE,
        "follow": PUBLIC,
        "unfollow": PUBLIC,
    }

    def get_place_queryset(self, place):
        return _with_rows(selectors.notes_in_place(place, self.request.user))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        note = services.note_create(
            place=self.place, actor=self.request.user, figures=data.pop("figures", ()), **data
        )
        serializer.instance = self.reread(note)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        note = services.note_update(
            place=self.place,
            actor=self.request.user,
            note=serializer.instance,
            figures=data.pop("figures", None),
            **data,
        )
        serializer.instance = self.reread(note)

    @extend_schema(request=None, responses={200: PracticeNoteSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """Publish a draft for every place to read (a 400 when it is published already)."""
        note = services.note_publish(place=self.place, actor=request.user, note=self.get_object())
        return Response(self.get_serializer(self.reread(note)).data)

    @extend_schema(request=FollowRequestSerializer, responses={201: FollowSerializer})
    @action(
        detail=True, methods=["post"], permission_classes=[PlacePermission, PersonNotPartnerKey]
    )
    def follow(self, request, *args, **kwargs):
        """Follow a published note from a place of yours other than the note's: you hear when it
        changes, and its writers hear that your place is trying it."""
        note = self.get_object()
        body = FollowRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        row = services.follow(
            place=body.validated_data["place"],
            actor=request.user,
            note=note,
            how=body.validated_data.get("how", ""),
        )
        return Response(FollowSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnfollowRequestSerializer, responses={204: None})
    @action(
        detail=True, methods=["post"], permission_classes=[PlacePermission, PersonNotPartnerKey]
    )
    def unfollow(self, request, *args, **kwargs):
        """Stop following a note from one of your places (a 400 if you do not follow it there)."""
        note = self.get_object()
        body = UnfollowRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        services.unfollow(place=body.validated_data["place"], actor=request.user, note=note)
        return Response(status=status.HTTP_204_NO_CONTENT)
