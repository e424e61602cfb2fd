"""API representations of practice notes, their figures and the places trying them."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coordination.accounts.selectors import places_of
from coordination.api.fields import PlaceHyperlinkedIdentityField, PlaceSlugRelatedField
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.places.models import Place
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import themes_for_place

from .models import HOW_LENGTH, PracticeFigure, PracticeFollow, PracticeNote

MOST_FIGURES = 50


class FigureSerializer(ModelSerializer):
    class Meta:
        model = PracticeFigure
        fields = ["label", "value", "unit", "period"]


class PlaceFollowingSerializer(Serializer):
    """How many people in one place are trying a note, and what they wrote (never who they are)."""

    place = serializers.SlugField(read_only=True, help_text="The slug of the place trying it.")
    place_name = serializers.CharField(read_only=True)
    people = serializers.IntegerField(read_only=True)
    notes = serializers.ListField(child=serializers.CharField(read_only=True), read_only=True)


def following_of(note):
    """[{place, place_name, people, notes}] from the note's prefetched ``follow_rows``."""
    grouped = {}
    for follow in getattr(note, "follow_rows", []):
        entry = grouped.setdefault(
            follow.place_id,
            {"place": follow.place.slug, "place_name": follow.place.name, "people": 0, "notes": []},
        )
        entry["people"] += 1
        if follow.how:
            entry["notes"].append(follow.how)
    return sorted(grouped.values(), key=lambda e: e["place_name"])


class PracticeNoteSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:practice-note-detail")
    place = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = PlaceSlugRelatedField(
        model=Theme,
        place_queryset=themes_for_place,
        slug_field="slug",
        required=False,
        allow_null=True,
        help_text="Slug of one of the place's themes (shared or its own), or null.",
    )
    theme_name = serializers.SerializerMethodField()
    figures = FigureSerializer(
        many=True,
        required=False,
        max_length=MOST_FIGURES,
        help_text="Its figures. Sent on a change, they replace the note's figures.",
    )
    following = serializers.SerializerMethodField(
        help_text="The places trying it (published notes only): counts and short notes."
    )
    page = serializers.SerializerMethodField(help_text="The note's page on the site.")

    class Meta:
        model = PracticeNote
        fields = [
            "id",
            "place",
            "title",
            "slug",
            "summary",
            "what_we_did",
            "what_changed",
            "do_differently",
            "contact",
            "theme",
            "theme_name",
            "status",
            "published_at",
            "figures",
            "following",
            "created_at",
            "updated_at",
            "url",
            "page",
        ]
        read_only_fields = [
            "id",
            "slug",
            "status",
            "published_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_theme_name(self, note):
        return note.theme.name if note.theme_id else None

    @extend_schema_field(PlaceFollowingSerializer(many=True))
    def get_following(self, note):
        return following_of(note) if note.is_published else []

    @extend_schema_field(serializers.CharField())
    def get_page(self, note):
        request = self.context.get("request")
        path = note.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class FollowRequestSerializer(Serializer):
    place = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Place.objects.filter(is_active=True),
        help_text="The slug of a place of yours, other than the note's, where you are trying it.",
    )
    how = serializers.CharField(
        max_length=HOW_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional: how you are trying it, for other places to read.",
    )

    def validate_place(self, place):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or place.pk not in {p.pk for p, _m in places_of(user)}:
            raise serializers.ValidationError(_("Choose a place you are a member of."))
        return place


class UnfollowRequestSerializer(Serializer):
    place = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Place.objects.filter(is_active=True),
        help_text="The slug of the place of yours you follow the note from.",
    )


class FollowSerializer(ModelSerializer):
    place = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = PracticeFollow
        fields = ["place", "place_name", "how", "created_at"]
        read_only_fields = fields
