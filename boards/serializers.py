"""API representations of boards, seats, meetings, agendas, actions, report-backs and ideas.

Links to other objects are ids of the request's place only; writes go to boards.services.
"""

from django.urls import reverse
from rest_framework import serializers

from coordination import text_limits
from coordination.accounts.models import User
from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    RelatedNameField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.web_addresses import validate_web_address

from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    BoardMembership,
    Decision,
    DecisionMethod,
    DeclarationOfInterest,
    InterestKind,
    Meeting,
    Paper,
    Proposal,
    ProposalStatus,
    Recommendation,
    RecordAmendment,
    ReportBack,
    ResponseStatus,
    Vote,
    VoteChoice,
)
from .moderation_display import HiddenPostFields

# The community asset model, through the relation ideas declare (boards does not import mapping).
ASSET = Proposal._meta.get_field("assets").related_model


def _meetings(place):
    return Meeting.objects.for_place(place)


def _subgroups(place):
    return Board.objects.for_place(place).filter(kind="thematic_subgroup")


class BoardSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:board-detail")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    structure = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="For a community group: the id of its community structure.",
    )

    class Meta:
        model = Board
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "structure",
            "description",
            "parent",
            "theme",
            "remit",
            "review_date",
            "area",
            "is_public",
            "seats",
            "quorum",
            "report_back_lead_days",
            "created_at",
            "url",
        ]
        read_only_fields = fields


class BoardMembershipSerializer(ModelSerializer):
    person = serializers.CharField(source="user.name", read_only=True)
    organisation = RelatedNameField()

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


class MeetingSerializer(ModelSerializer):
    """A meeting. POST schedules one for a board (its chair, vice-chair or secretary, or a
    coordinator); PATCH changes or reschedules it; report-backs due to it move with it."""

    url = PlaceHyperlinkedIdentityField(view_name="api:board-meeting-detail")
    board = PlacePrimaryKeyRelatedField(
        model=Board, place_queryset=lambda place: Board.objects.for_place(place).active()
    )
    minutes = serializers.SerializerMethodField()
    online_url = serializers.URLField(
        max_length=Meeting._meta.get_field("online_url").max_length,
        validators=[validate_web_address],
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="The online meeting link (shown on the page to members and people registered).",
    )
    papers_due_days = serializers.IntegerField(
        write_only=True, required=False, min_value=0, max_value=30
    )
    papers_due_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "board",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "is_public",
            "papers_due_days",
            "papers_due_at",
            "minutes_status",
            "minutes",
            "minutes_published_at",
            "cancelled_at",
            "cancellation_reason",
            "url",
        ]
        read_only_fields = [
            "id",
            "minutes_status",
            "minutes_published_at",
            "cancelled_at",
            "cancellation_reason",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["board"].read_only = True  # a meeting stays with its board
        return fields

    def get_minutes(self, meeting) -> str:
        return meeting.minutes if meeting.minutes_status == "published" else ""


class MeetingCancelSerializer(Serializer):
    reason = serializers.CharField(
        max_length=text_limits.NOTE, help_text="Why the meeting is cancelled."
    )


class PaperSerializer(ModelSerializer):
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


class AgendaItemSerializer(ModelSerializer):
    owner = RelatedNameField()
    papers = PaperSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "description", "owner", "papers"]
        read_only_fields = fields


class ActionSerializer(ModelSerializer):
    owner = RelatedNameField()
    owner_organisation = RelatedNameField()

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


class ActionProgressSerializer(Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)


class RecommendationResponseSerializer(Serializer):
    recommendation = serializers.IntegerField(help_text="Id of one of this report-back's.")
    response_status = serializers.ChoiceField(
        choices=[c for c in ResponseStatus.choices if c[0] != ResponseStatus.PENDING]
    )
    response = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)


class ProposalAnswerSerializer(Serializer):
    status = serializers.ChoiceField(choices=ProposalStatus.board_answers())
    answer = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.TEXT)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limits.NOTE,
        help_text="Needed when the idea is not taken forward.",
    )


class RecommendationSerializer(ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "order", "text", "response_status", "response", "responded_at"]
        read_only_fields = fields


class ReportBackSerializer(ModelSerializer):
    """Read a report-back; POST one to submit it for a subgroup and a meeting of its parent board."""

    subgroup = PlacePrimaryKeyRelatedField(model=Board, place_queryset=_subgroups)
    parent_meeting = PlacePrimaryKeyRelatedField(model=Meeting, place_queryset=_meetings)
    recommendations = RecommendationSerializer(many=True, read_only=True)
    recommendation_texts = serializers.ListField(
        child=serializers.CharField(max_length=text_limits.NOTE),
        write_only=True,
        required=False,
        help_text="The subgroup's recommendations, one string each; the board responds to each.",
    )
    agenda_item = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

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


class ProposalSerializer(HiddenPostFields, ModelSerializer):
    # A hidden idea shows the moderator's reason as its title to everyone but its author and
    # moderators (boards/api/moderation.py).
    masked = {"title": "placeholder", "description": "blank"}
    board = PlacePrimaryKeyRelatedField(
        model=Board,
        place_queryset=lambda place: Board.objects.for_place(place).filter(
            kind="community_board", structure__takes_ideas=True
        ),
    )
    support_count = serializers.IntegerField(read_only=True)
    assets = PlacePrimaryKeyRelatedField(
        model=ASSET,
        place_queryset=lambda place: ASSET.objects.for_place(place),
        many=True,
        required=False,
        help_text="Ids of the community assets the idea builds on (for a group whose structure "
        "is asset-based).",
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "board",
            "title",
            "description",
            "assets",
            "status",
            "answer",
            "reason",
            "status_changed_at",
            "support_count",
            "created_at",
            "edited_at",
            "hidden",
            "hidden_reason",
        ]
        read_only_fields = [
            "id",
            "status",
            "answer",
            "reason",
            "status_changed_at",
            "created_at",
            "edited_at",
        ]


class ProposalChangeSerializer(ModelSerializer):
    """What the proposer may change of their idea until the board answers it."""

    assets = PlacePrimaryKeyRelatedField(
        model=ASSET,
        place_queryset=lambda place: ASSET.objects.for_place(place),
        many=True,
        required=False,
        help_text="Ids of the community assets the idea builds on.",
    )

    class Meta:
        model = Proposal
        fields = ["title", "description", "assets"]


def _members_of_place(place):
    seated = BoardMembership.objects.for_place(place).values("user_id")
    return User.objects.filter(pk__in=seated)


class RecordAmendmentSerializer(ModelSerializer):
    """One correction of a record: who, when, why, and the values before and after."""

    amended_by = serializers.CharField(source="amended_by_label", read_only=True)

    class Meta:
        model = RecordAmendment
        fields = ["id", "amended_at", "amended_by", "reason", "before", "after", "withdrawn"]
        read_only_fields = fields


class DeclarationSerializer(ModelSerializer):
    meeting = PlacePrimaryKeyRelatedField(
        model=Meeting, place_queryset=lambda place: Meeting.objects.for_place(place)
    )
    agenda_item = PlacePrimaryKeyRelatedField(
        model=AgendaItem,
        place_queryset=lambda place: AgendaItem.objects.for_place(place),
        required=False,
        allow_null=True,
        help_text="The item the interest is in; empty for the meeting's business as a whole.",
    )
    member = PlacePrimaryKeyRelatedField(
        model=User, place_queryset=_members_of_place, help_text="Id of the member declaring."
    )
    member_name = serializers.CharField(
        read_only=True,
        source="member_label",
        help_text="The member's name as recorded; a former member is shown as one.",
    )
    amendments = RecordAmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = DeclarationOfInterest
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "member",
            "member_name",
            "kind",
            "nature",
            "created_at",
            "withdrawn_at",
            "amendments",
        ]
        read_only_fields = ["id", "created_at", "withdrawn_at"]


class VoteSerializer(ModelSerializer):
    agenda_item = PlacePrimaryKeyRelatedField(
        model=AgendaItem, place_queryset=lambda place: AgendaItem.objects.for_place(place)
    )
    member = PlacePrimaryKeyRelatedField(
        model=User, place_queryset=_members_of_place, help_text="Id of the member voting."
    )
    member_name = serializers.CharField(
        read_only=True,
        source="member_label",
        help_text="The member's name as recorded; a former member is shown as one.",
    )
    amendments = RecordAmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Vote
        fields = [
            "id",
            "agenda_item",
            "member",
            "member_name",
            "choice",
            "created_at",
            "withdrawn_at",
            "amendments",
        ]
        read_only_fields = ["id", "created_at", "withdrawn_at"]


def _count(help_text):
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=500, help_text=help_text
    )


class DecisionSerializer(ModelSerializer):
    """A decision taken at a meeting: by consensus, or by a vote of the members present."""

    meeting = PlacePrimaryKeyRelatedField(
        model=Meeting, place_queryset=lambda place: Meeting.objects.for_place(place)
    )
    agenda_item = PlacePrimaryKeyRelatedField(
        model=AgendaItem,
        place_queryset=lambda place: AgendaItem.objects.for_place(place),
        required=False,
        allow_null=True,
        help_text="The item the decision was taken under.",
    )
    method = serializers.ChoiceField(
        choices=DecisionMethod.choices,
        required=False,
        help_text="consensus or votes; left out, by the votes recorded on the item if it has any.",
    )
    votes_for = _count("By a vote: left out, the votes recorded on the item count.")
    votes_against = _count("By a vote.")
    votes_abstain = _count("By a vote.")
    amendments = RecordAmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "text",
            "method",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "created_at",
            "withdrawn_at",
            "amendments",
        ]
        read_only_fields = ["id", "created_at", "withdrawn_at"]


class _AmendSerializer(Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the record is amended.")
    withdraw = serializers.BooleanField(
        required=False, default=False, help_text="Withdraw the record: it stays listed."
    )


class DeclarationAmendSerializer(_AmendSerializer):
    kind = serializers.ChoiceField(choices=InterestKind.choices, required=False)
    nature = serializers.CharField(required=False, max_length=5000)


class VoteAmendSerializer(_AmendSerializer):
    choice = serializers.ChoiceField(choices=VoteChoice.choices, required=False)


class DecisionAmendSerializer(_AmendSerializer):
    text = serializers.CharField(required=False, max_length=5000)
    method = serializers.ChoiceField(choices=DecisionMethod.choices, required=False)
    votes_for = serializers.IntegerField(required=False, min_value=0, max_value=500)
    votes_against = serializers.IntegerField(required=False, min_value=0, max_value=500)
    votes_abstain = serializers.IntegerField(required=False, min_value=0, max_value=500)
