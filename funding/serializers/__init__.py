"""API representations of programmes, bids, decisions and feedback; writes go to funding.services.

A bid in full is for its applicant's and its funder's members; other funders get SharedBidSerializer
(consented summaries), the public GrantSerializer (awards only).
"""

from decimal import Decimal

from django.apps import apps
from django.urls import reverse
from rest_framework import serializers

from boards import selectors as board_selectors
from coordination.api.fields import (
    PlaceHyperlinkedIdentityField,
    PlacePrimaryKeyRelatedField,
    PlaceSlugRelatedField,
)
from coordination.api.serializers import ModelSerializer, Serializer
from coordination.organisations.models import Community, Organisation
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area, Place
from coordination.places.selectors import areas_for_place
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import communities_for_place, themes_for_place

from . import selectors
from .models import (
    Bid,
    BidAttachment,
    BidEvent,
    BoardFund,
    DeclineReason,
    Feedback,
    FundApplication,
    FundOutcome,
    FundPayment,
    FundPriority,
    GrantReport,
    Programme,
)


def _themes(**kwargs):
    return PlaceSlugRelatedField(
        model=Theme, place_queryset=themes_for_place, slug_field="slug", many=True, **kwargs
    )


class ProgrammeSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-programme-detail")
    funder = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=selectors.funders_in_place,
        help_text="Id of the funder organisation (one you act for).",
    )
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    themes = _themes(required=False, help_text="Slugs of the themes it funds.")
    places = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Place.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Slugs of the places it runs in (always this one too; the funder must work there).",
    )
    is_rolling = serializers.BooleanField(read_only=True)
    short_window = serializers.BooleanField(
        read_only=True, help_text="True when the deadline is under four weeks from opening."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "url",
            "funder",
            "funder_name",
            "title",
            "description",
            "funding_type",
            "amount_min",
            "amount_max",
            "grant_length_months",
            "opens_on",
            "deadline",
            "is_rolling",
            "short_window",
            "decision_within_days",
            "feedback_commitment_days",
            "eligibility",
            "themes",
            "priority_embedded_local",
            "priority_income_below",
            "flexibility_statement",
            "places",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["funder"].read_only = True
        return fields


class FeedbackSerializer(ModelSerializer):
    signposts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Stored as JSON; declared here so the schema says it is a list of decline reasons.
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=DeclineReason.choices), read_only=True
    )

    class Meta:
        model = Feedback
        fields = [
            "reasons",
            "strengths",
            "to_strengthen",
            "signposts",
            "free_text",
            "due_on",
            "released_at",
            "helped",
            "helped_comment",
        ]
        read_only_fields = fields


class BidEventSerializer(ModelSerializer):
    # Plain strings: the values are the bid's states, already documented once as its state enum.
    from_state = serializers.CharField(
        read_only=True, help_text="The state before (empty when the bid was created)."
    )
    to_state = serializers.CharField(read_only=True, help_text="The state after.")

    class Meta:
        model = BidEvent
        fields = ["from_state", "to_state", "at"]
        read_only_fields = fields


class AttachmentSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    download = serializers.SerializerMethodField(
        help_text="The file, for whoever may see the bid in full (signed-in browser session)."
    )

    class Meta:
        model = BidAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        request = self.context.get("request")
        path = reverse(
            "places:funding:attachment_download",
            kwargs={"place_slug": self.context["place"].slug, "pk": attachment.pk},
        )
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text="One or more files (multipart/form-data, the field repeated for several).",
    )


class AttachmentRemoveSerializer(Serializer):
    attachment = serializers.IntegerField(help_text="Id of the attachment to remove.")


class BidSerializer(ModelSerializer):
    url = PlaceHyperlinkedIdentityField(view_name="api:funding-bid-detail")
    programme = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place
    )
    applicant = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        help_text="Id of the applying organisation (one you lead).",
    )
    themes = _themes(required=False)
    areas = PlaceSlugRelatedField(
        model=Area, place_queryset=areas_for_place, slug_field="slug", many=True, required=False
    )
    communities = PlaceSlugRelatedField(
        model=Community,
        place_queryset=communities_for_place,
        slug_field="slug",
        many=True,
        required=False,
    )
    decision_due_on = serializers.DateField(read_only=True, allow_null=True)
    feedback = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    events = BidEventSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "url",
            "programme",
            "applicant",
            "title",
            "summary",
            "amount_requested",
            "duration_months",
            "themes",
            "areas",
            "communities",
            "share_summary",
            "state",
            "submitted_at",
            "decision_due_on",
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "feedback",
            "attachments",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "state",
            "submitted_at",
            "decided_at",
            "amount_awarded",
            "award_start",
            "award_end",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["programme"].read_only = True
            fields["applicant"].read_only = True
        return fields

    def get_feedback(self, bid) -> FeedbackSerializer(allow_null=True):
        request = self.context.get("request")
        feedback = selectors.feedback_for_applicant(request.user, self.context["place"], bid)
        return FeedbackSerializer(feedback).data if feedback is not None else None


class SharedBidSerializer(ModelSerializer):
    """What another funder in the place sees of a bid whose applicant consented: the summary."""

    programme = serializers.CharField(source="programme.title")
    funder = serializers.CharField(source="programme.funder.name")
    applicant = serializers.CharField(source="applicant.name")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "programme",
            "funder",
            "applicant",
            "title",
            "summary",
            "amount_requested",
            "duration_months",
            "themes",
            "areas",
            "state",
        ]
        read_only_fields = fields


class GrantSerializer(ModelSerializer):
    """A grant as the public sees it."""

    programme = serializers.CharField(source="programme.title")
    funder = serializers.CharField(source="programme.funder.name")
    recipient = serializers.CharField(source="applicant.name")
    recipient_org_id = serializers.CharField(source="applicant.org_id")

    class Meta:
        model = Bid
        fields = [
            "id",
            "programme",
            "funder",
            "recipient",
            "recipient_org_id",
            "title",
            "summary",
            "amount_awarded",
            "award_start",
            "award_end",
            "decided_at",
        ]
        read_only_fields = fields


class AwardSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    start = serializers.DateField()
    months = serializers.IntegerField(min_value=1, max_value=120, required=False)


class DeclineSerializer(Serializer):
    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices)
    strengths = serializers.CharField()
    to_strengthen = serializers.CharField()
    signposts = PlacePrimaryKeyRelatedField(
        model=Programme, place_queryset=selectors.programmes_in_place, many=True, required=False
    )
    free_text = serializers.CharField(required=False, allow_blank=True)
    release = serializers.BooleanField(default=True)

    def validate_reasons(self, value):
        return sorted(value)


class FeedbackRatingSerializer(Serializer):
    helped = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True)


# Figures and coordination: read-only views of selectors' dataclasses.


def _pct(share):
    return None if share is None else round(share * 100, 1)


class FiguresSerializer(Serializer):
    """The published figures. Shares are percentages (0-100), null where there is no data yet."""

    awards = serializers.IntegerField()
    awarded_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    core_share = serializers.SerializerMethodField()
    core_value_share = serializers.SerializerMethodField()
    median_grant_months = serializers.FloatField(source="median_months", allow_null=True)
    local_embedded_share = serializers.SerializerMethodField()
    decided = serializers.IntegerField()
    declined = serializers.IntegerField()
    feedback_rate = serializers.SerializerMethodField()
    median_days_to_feedback = serializers.FloatField(source="median_feedback_days", allow_null=True)
    feedback_overdue = serializers.IntegerField()
    programmes = serializers.SerializerMethodField()

    def get_core_share(self, figures) -> float | None:
        return _pct(figures.core_share)

    def get_core_value_share(self, figures) -> float | None:
        return _pct(figures.core_value_share)

    def get_local_embedded_share(self, figures) -> float | None:
        return _pct(figures.local_share)

    def get_feedback_rate(self, figures) -> float | None:
        return _pct(figures.feedback_rate)

    def get_programmes(self, figures) -> list[dict]:
        return [
            {
                "id": programme.pk,
                "title": programme.title,
                "funder": programme.funder.name,
                "short_window": programme.short_window,
                "bids": submitted,
                "awarded": awarded,
                "declined": declined,
                "success_rate": _pct(rate),
            }
            for programme, submitted, awarded, declined, rate in figures.programmes
        ]


class FunderFiguresSerializer(Serializer):
    id = serializers.IntegerField(source="funder.pk")
    name = serializers.CharField(source="funder.name")
    figures = FiguresSerializer()


class PlaceFiguresSerializer(Serializer):
    place = FiguresSerializer()
    funders = FunderFiguresSerializer(many=True)


class FlagSerializer(Serializer):
    kind = serializers.ChoiceField(
        choices=[
            ("same_purpose", "Same purpose from two funders"),
            ("awards_overlap", "Awards from two funders overlap in time"),
        ]
    )
    organisation = serializers.CharField(source="organisation.name")
    bids = serializers.SerializerMethodField()
    themes = serializers.ListField(child=serializers.CharField())

    def get_bids(self, flag) -> list[int]:
        return [bid.pk for bid in flag.bids]


class UnmetNeedSerializer(Serializer):
    id = serializers.IntegerField()
    summary = serializers.CharField()
    area = serializers.CharField(source="area.name")
    theme = serializers.CharField(source="theme.name")


class CoordinationSerializer(Serializer):
    flags = FlagSerializer(many=True)
    unmet_needs = UnmetNeedSerializer(many=True)


# Community board funds


# A related field names its target model for the schema; boards' are named by their label, as a
# string foreign key names them. Choices come from boards' selectors for the request's place.
Board, Meeting, Proposal = (
    apps.get_model("boards", name) for name in ("Board", "Meeting", "Proposal")
)
_managed_boards = board_selectors.active_boards
_meetings = board_selectors.meetings_in_place


class FundPrioritySerializer(ModelSerializer):
    class Meta:
        model = FundPriority
        fields = ["id", "order", "title", "description"]
        read_only_fields = fields


class BoardFundSerializer(ModelSerializer):
    board = PlacePrimaryKeyRelatedField(
        model=Board, place_queryset=_managed_boards, help_text="Id of the board holding the fund."
    )
    programme = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The funding programme groups apply to."
    )
    title = serializers.CharField(source="programme.title", read_only=True)
    year_label = serializers.CharField(read_only=True)
    accountable_body = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        source="programme.funder",
        help_text="Id of the organisation that holds the money (usually the council).",
    )
    priorities_meeting = PlacePrimaryKeyRelatedField(
        model=Meeting, place_queryset=_meetings, required=False, allow_null=True
    )
    priorities = FundPrioritySerializer(many=True, read_only=True)
    priority_titles = serializers.ListField(
        child=serializers.CharField(max_length=200),
        write_only=True,
        required=False,
        help_text="Priorities to add, one title each.",
    )
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    left = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    awaiting = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = BoardFund
        fields = [
            "id",
            "board",
            "programme",
            "title",
            "year",
            "year_label",
            "budget",
            "committed",
            "paid",
            "left",
            "awaiting",
            "is_low",
            "accountable_body",
            "priorities",
            "priority_titles",
            "priorities_meeting",
            "report_due_weeks",
            "low_balance_percent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("board", "year", "accountable_body"):
                fields[name].read_only = True
        return fields


class FundPaymentReadSerializer(ModelSerializer):
    class Meta:
        model = FundPayment
        fields = ["id", "amount", "paid_on", "note", "created_at"]
        read_only_fields = fields


class GrantReportReadSerializer(ModelSerializer):
    class Meta:
        model = GrantReport
        fields = ["what_happened", "people_reached", "submitted_at"]
        read_only_fields = fields


class FundApplicationSerializer(ModelSerializer):
    """An application to a board's fund: the bid's own fields and what only a board fund asks."""

    fund = PlacePrimaryKeyRelatedField(
        model=BoardFund,
        place_queryset=lambda place: BoardFund.objects.for_place(place),
        help_text="Id of the board fund.",
    )
    applicant = PlacePrimaryKeyRelatedField(
        model=Organisation,
        place_queryset=organisations_in_place,
        source="bid.applicant",
        help_text="Id of the applying group (one you lead).",
    )
    bid = serializers.PrimaryKeyRelatedField(read_only=True)
    state = serializers.CharField(source="bid.state", read_only=True, help_text="The bid's state.")
    title = serializers.CharField(source="bid.title", max_length=200)
    summary = serializers.CharField(source="bid.summary")
    amount_requested = serializers.DecimalField(
        source="bid.amount_requested", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    amount_awarded = serializers.DecimalField(
        source="bid.amount_awarded",
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
    )
    duration_months = serializers.IntegerField(
        source="bid.duration_months", min_value=1, max_value=120, required=False
    )
    priority = PlacePrimaryKeyRelatedField(
        model=FundPriority,
        place_queryset=lambda place: FundPriority.objects.for_place(place),
        required=False,
        allow_null=True,
    )
    proposal = PlacePrimaryKeyRelatedField(
        model=Proposal,
        place_queryset=board_selectors.proposals_in_place,
        required=False,
        allow_null=True,
        help_text="Id of the resident's idea it takes forward.",
    )
    agenda_item = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    decided_at_meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    payments = FundPaymentReadSerializer(many=True, read_only=True)
    report = GrantReportReadSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FundApplication
        fields = [
            "id",
            "fund",
            "bid",
            "applicant",
            "state",
            "title",
            "summary",
            "amount_requested",
            "amount_awarded",
            "duration_months",
            "priority",
            "proposal",
            "outcomes",
            "budget_breakdown",
            "other_funding",
            "agenda_item",
            "decided_at_meeting",
            "decision_reason",
            "report_due_on",
            "paid_amount",
            "withdrawn_at",
            "withdrawn_reason",
            "payments",
            "report",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "decision_reason",
            "report_due_on",
            "paid_amount",
            "withdrawn_at",
            "withdrawn_reason",
            "created_at",
            "updated_at",
        ]


class FundScheduleSerializer(Serializer):
    meeting = PlacePrimaryKeyRelatedField(model=Meeting, place_queryset=_meetings)


class FundDecisionSerializer(Serializer):
    meeting = PlacePrimaryKeyRelatedField(
        model=Meeting,
        place_queryset=_meetings,
        allow_null=True,
        help_text="The meeting at which the board decided (required: no decision outside one).",
    )
    outcome = serializers.ChoiceField(choices=FundOutcome.choices)
    reason = serializers.CharField()
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    start = serializers.DateField(required=False)
    months = serializers.IntegerField(min_value=1, max_value=120, required=False)
    reasons = serializers.MultipleChoiceField(choices=DeclineReason.choices, required=False)
    strengths = serializers.CharField(required=False, allow_blank=True)
    to_strengthen = serializers.CharField(required=False, allow_blank=True)

    def validate_reasons(self, value):
        return sorted(value)


class FundPaymentSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
    paid_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class GrantWithdrawSerializer(Serializer):
    reason = serializers.CharField()


class GrantReportSerializer(Serializer):
    what_happened = serializers.CharField()
    people_reached = serializers.IntegerField(min_value=0, required=False, allow_null=True)
