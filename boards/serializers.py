"""API representations of boards, seats, meetings, agendas, actions, report-backs and ideas.

Links to other objects are ids of the request's place only; writes go to boards.services.
"""

from django.urls import reverse
from rest_framework import serializers

from coordination.api.fields import PlaceHyperlinkedIdentityField, PlacePrimaryKeyRelatedField

from .models import (
    Action,
    AgendaItem,
    Board,
    BoardMembership,
    Meeting,
    Paper,
    Proposal,
    Recommendation,
    ReportBack,
)


def _meetings(place):
    return Meeting.objects.for_place(place)


def _subgroups(place):
    return Board.objects.for_place(place).filter(kind="thematic_subgroup")


class BoardSerializer(serializers.ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:board-detail")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Board
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "description",
            "parent",
            "theme",
            "remit",
            "review_date",
            "area",
            "is_public",
            "seats",
            "report_back_lead_days",
            "created_at",
            "url",
        ]
        read_only_fields = fields


class BoardMembershipSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="user.name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True, default=None)

    class Meta:
        model = BoardMembership
        fields = [
            "id",
            "board",
            "person",
            "position",
            "sector",
            "organisation",
            "started_on",
            "ended_on",
            "in_rota",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:board-meeting-detail")
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "board",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "is_public",
            "minutes_status",
            "minutes",
            "minutes_published_at",
            "url",
        ]
        read_only_fields = fields

    def get_minutes(self, meeting) -> str:
        return meeting.minutes if meeting.minutes_status == "published" else ""


class PaperSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Paper
        fields = ["id", "title", "content_type", "size", "is_private", "download"]
        read_only_fields = fields

    def get_download(self, paper) -> str:
        request = self.context.get("request")
        path = reverse(
            "places:boards:paper_download",
            kwargs={"place_slug": self.context["place"].slug, "pk": paper.pk},
        )
        return request.build_absolute_uri(path) if request else path


class AgendaItemSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", read_only=True, default=None)
    papers = PaperSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "description", "owner", "papers"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", read_only=True, default=None)
    owner_organisation = serializers.CharField(
        source="owner_organisation.name", read_only=True, default=None
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "board",
            "meeting",
            "title",
            "description",
            "owner",
            "owner_organisation",
            "due_on",
            "status",
            "completed_at",
        ]
        read_only_fields = fields


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "order", "text", "response_status", "response", "responded_at"]
        read_only_fields = fields


class ReportBackSerializer(serializers.ModelSerializer):
    """Read a report-back; POST one to submit it for a subgroup and a meeting of its parent board."""

    subgroup = PlacePrimaryKeyRelatedField(model=Board, place_queryset=_subgroups)
    parent_meeting = PlacePrimaryKeyRelatedField(model=Meeting, place_queryset=_meetings)
    recommendations = RecommendationSerializer(many=True, read_only=True)
    recommendation_texts = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        write_only=True,
        required=False,
        help_text="The subgroup's recommendations, one string each; the board responds to each.",
    )
    agenda_item = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReportBack
        fields = [
            "id",
            "subgroup",
            "parent_meeting",
            "due_at",
            "status",
            "summary",
            "progress",
            "asks",
            "recommendations",
            "recommendation_texts",
            "agenda_item",
            "submitted_at",
        ]
        read_only_fields = ["id", "due_at", "status", "submitted_at", "agenda_item"]
        extra_kwargs = {"summary": {"required": True, "allow_blank": False}}


class ProposalSerializer(serializers.ModelSerializer):
    board = PlacePrimaryKeyRelatedField(
        model=Board,
        place_queryset=lambda place: Board.objects.for_place(place).filter(kind="community_board"),
    )
    support_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "board",
            "title",
            "description",
            "status",
            "answer",
            "reason",
            "status_changed_at",
            "support_count",
            "created_at",
        ]
        read_only_fields = ["id", "status", "answer", "reason", "status_changed_at", "created_at"]
