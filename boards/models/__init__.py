"""Boards of a place: recovery boards, thematic subgroups that report back, community boards.

Meetings with agendas, papers, minutes and decisions; actions; subgroups' report-backs to their
parent board; residents' proposals to community boards. Every model is owned by one place.
"""

import secrets
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager
from coordination.uploads import UploadPolicyValidator
from coordination.web_addresses import validate_web_address


class BoardKind(models.TextChoices):
    RECOVERY_BOARD = "recovery_board", _("Recovery board")
    THEMATIC_SUBGROUP = "thematic_subgroup", _("Thematic subgroup")
    COMMUNITY_BOARD = "community_board", _("Community board")
    PARTNERSHIP_GROUP = "partnership_group", _("Partnership group")


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")

    @classmethod
    def officers(cls):
        return {cls.CHAIR, cls.VICE_CHAIR, cls.SECRETARY}


class Sector(models.TextChoices):
    COUNCIL = "council", _("Council")
    VCSE = "vcse", _("Voluntary and community sector (VCSE)")
    HEALTH = "health", _("Health")
    BUSINESS = "business", _("Business")
    COMMUNITY = "community", _("Community (residents)")


class BoardQuerySet(PlaceScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Board(PlaceScoped):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=32, choices=BoardKind.choices)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
        help_text=_("The board a thematic subgroup reports back to."),
    )
    theme = models.CharField(max_length=150, blank=True)
    remit = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="boards",
        help_text=_("The area a community board serves."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Anyone may see a public board and its meetings.")
    )
    seats = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "How many voting members the board should have; empty seats show as vacancies."
        ),
    )
    report_back_lead_days = models.PositiveSmallIntegerField(
        default=7,
        help_text=_(
            "For a subgroup: how many days before the parent board meets its report-back is due."
        ),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(BoardQuerySet)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="board_unique_slug_per_place"),
            models.CheckConstraint(
                condition=~Q(kind="thematic_subgroup") | Q(parent__isnull=False),
                name="board_subgroup_has_parent",
                violation_error_message=_("A thematic subgroup needs a parent board."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="community_board") | Q(area__isnull=False),
                name="board_community_board_has_area",
                violation_error_message=_("A community board needs an area."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == BoardKind.THEMATIC_SUBGROUP and not self.parent_id:
            errors["parent"] = _("Choose the board this subgroup reports back to.")
        if self.kind != BoardKind.THEMATIC_SUBGROUP and self.parent_id:
            errors["parent"] = _("Only a thematic subgroup has a parent board.")
        if self.parent_id:
            if self.parent.place_id != self.place_id:
                errors["parent"] = _("The parent board must be in the same place.")
            elif self.pk and self.parent_id == self.pk:
                errors["parent"] = _("A board cannot be its own parent.")
            elif self.parent.kind == BoardKind.THEMATIC_SUBGROUP:
                errors["parent"] = _("A subgroup reports to a board, not to another subgroup.")
        if self.kind == BoardKind.COMMUNITY_BOARD and not self.area_id:
            errors["area"] = _("Choose the area this community board serves.")
        if self.area_id and self.area.place_id != self.place_id:
            errors["area"] = _("The area must be in the same place.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_subgroup(self):
        return self.kind == BoardKind.THEMATIC_SUBGROUP

    @property
    def is_community_board(self):
        return self.kind == BoardKind.COMMUNITY_BOARD


class BoardMembershipQuerySet(PlaceScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class BoardMembership(PlaceScoped):
    """A person's seat on a board: their position, the sector they represent, from when to when."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )
    position = models.CharField(max_length=16, choices=Position.choices, default=Position.MEMBER)
    sector = models.CharField(max_length=16, choices=Sector.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_memberships",
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    in_rota = models.BooleanField(
        default=True, help_text=_("Takes turns chairing and taking minutes.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = place_scoped_manager(BoardMembershipQuerySet)

    class Meta:
        ordering = ["board", "position", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "board", "user"],
                condition=Q(ended_on__isnull=True),
                name="board_membership_one_open_seat",
                violation_error_message=_("This person already has a seat on this board."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="board_membership_ends_after_start",
                violation_error_message=_("A seat cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_position_display()}, {self.board})"

    def clean(self):
        super().clean()
        if self.board_id and self.board.place_id != self.place_id:
            raise ValidationError({"board": _("The board must be in the same place.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date must be on or after the start.")})

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on >= today)


class MinutesStatus(models.TextChoices):
    NONE = "none", _("Not started")
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MeetingQuerySet(PlaceScopedQuerySet):
    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)


class Meeting(PlaceScoped):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(
        _("online meeting link"), blank=True, validators=[validate_web_address]
    )
    is_public = models.BooleanField(
        _("public meeting"), default=False, help_text=_("Anyone may see and register for it.")
    )
    papers_due_days = models.PositiveSmallIntegerField(
        default=5, help_text=_("Papers are due this many days before the meeting.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(
        max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(
        blank=True, help_text=_("Shown to everyone who can see the meeting.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(MeetingQuerySet)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.board})"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Give a venue or an online meeting link.")
        if self.board_id and self.board.place_id != self.place_id:
            errors["board"] = _("The board must be in the same place.")
        if errors:
            raise ValidationError(errors)

    @property
    def papers_due_at(self):
        return self.starts_at - timedelta(days=self.papers_due_days)

    @property
    def is_upcoming(self):
        return self.ends_at > timezone.now()

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None


class AgendaItem(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who introduces the item and brings its papers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title


def paper_upload_to(instance, filename):
    # A random name: the original may say more than its title should, and names must not collide.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"boards/papers/{instance.place_id}/{uuid.uuid4().hex}{suffix}"


class Paper(PlaceScoped):
    """A paper for an agenda item. Served only through a permission-checked view, never by URL."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=paper_upload_to,
        max_length=255,
        validators=[UploadPolicyValidator("board_papers")],
    )
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_private = models.BooleanField(
        _("private paper"),
        default=True,
        help_text=_("Only board members (not residents or the public) may read a private paper."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_item", "uploaded_at", "pk"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Absent")


class Attendance(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "meeting", "user"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_status_display()}"


class Decision(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open_values(cls):
        return [cls.OPEN, cls.IN_PROGRESS]


class ActionQuerySet(PlaceScopedQuerySet):
    def still_open(self):
        return self.filter(status__in=ActionStatus.open_values())


class Action(PlaceScoped):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_actions",
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_actions",
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = place_scoped_manager(ActionQuerySet)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(owner_organisation__isnull=False),
                name="action_has_owner",
                violation_error_message=_("An action needs an owner: a person or an organisation."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.owner_id and not self.owner_organisation_id:
            raise ValidationError(
                {"owner": _("Choose who owns the action: a person or an organisation.")}
            )
        if self.meeting_id and self.meeting.board_id != self.board_id:
            raise ValidationError({"meeting": _("The meeting must be one of this board's.")})

    @property
    def is_open(self):
        return self.status in ActionStatus.open_values()

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()


class ActionNote(PlaceScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ReportBackStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")


class ReportBack(PlaceScoped):
    """A subgroup's report to its parent board's meeting, due a lead time before that meeting."""

    subgroup = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="report_backs")
    parent_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="report_backs"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ReportBackStatus.choices, default=ReportBackStatus.DUE
    )
    summary = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    asks = models.TextField(blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_back"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "subgroup", "parent_meeting"],
                name="report_back_once_per_parent_meeting",
                violation_error_message=_("This subgroup already reports to that meeting."),
            )
        ]

    def __str__(self):
        return f"Report-back from {self.subgroup}"

    def clean(self):
        super().clean()
        if self.subgroup_id and self.parent_meeting_id:
            if self.subgroup.kind != BoardKind.THEMATIC_SUBGROUP:
                raise ValidationError({"subgroup": _("Only a thematic subgroup reports back.")})
            if self.parent_meeting.board_id != self.subgroup.parent_id:
                raise ValidationError(
                    {
                        "parent_meeting": _(
                            "A subgroup reports back only to meetings of its parent board, "
                            "%(parent)s."
                        )
                        % {"parent": self.subgroup.parent}
                    }
                )

    @property
    def is_overdue(self):
        return self.status == ReportBackStatus.DUE and self.due_at < timezone.now()


class ResponseStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the board’s response")
    ACCEPTED = "accepted", _("Accepted")
    NOTED = "noted", _("Noted")
    DECLINED = "declined", _("Not accepted")


class Recommendation(PlaceScoped):
    report_back = models.ForeignKey(
        ReportBack, on_delete=models.CASCADE, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    response_status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.PENDING
    )
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report_back", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class ProposalStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    ACCEPTED = "accepted", _("Accepted")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")
    DONE = "done", _("Done")


class Proposal(PlaceScoped):
    """A resident's idea for their community board's area."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(max_length=150)
    description = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=24, choices=ProposalStatus.choices, default=ProposalStatus.NEW
    )
    answer = models.TextField(blank=True, help_text=_("The board’s answer, shown to everyone."))
    reason = models.TextField(blank=True, help_text=_("Why it was not taken forward."))
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_taken_forward") | ~Q(reason=""),
                name="proposal_not_taken_forward_has_reason",
                violation_error_message=_("Say why the idea is not being taken forward."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.status == ProposalStatus.NOT_TAKEN_FORWARD and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the idea is not being taken forward.")})
        if self.board_id and self.board.kind != BoardKind.COMMUNITY_BOARD:
            raise ValidationError({"board": _("Ideas go to community boards.")})


class ProposalSupport(PlaceScoped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "proposal", "user"],
                name="proposal_support_once_per_person",
                violation_error_message=_("You already support this idea."),
            )
        ]

    def __str__(self):
        return f"{self.user} supports {self.proposal}"


class MeetingRegistration(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "meeting", "user"],
                name="meeting_registration_once",
                violation_error_message=_("You are already registered for this meeting."),
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.meeting}"


class MeetingQuestion(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


def _new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(PlaceScoped):
    """A person's secret calendar link for one place; resetting it makes the old link stop working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "user"], name="calendar_feed_one_per_person")
        ]

    def __str__(self):
        return f"Calendar of {self.user}"


class InterestKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    PERSONAL = "personal", _("Personal (family, friends, close associates)")
    ORGANISATIONAL = "organisational", _("An organisation I run, work for or volunteer with")


class DeclarationOfInterest(PlaceScoped):
    """A member's declared interest at a meeting, on one item or on the meeting's business as a
    whole. It goes in the minutes and on the member's register; on an item, it bars their vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declarations",
        help_text=_("Leave empty for an interest in the meeting's business as a whole."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_interests"
    )
    kind = models.CharField(_("kind of interest"), max_length=16, choices=InterestKind.choices)
    nature = models.TextField(_("nature of the interest"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = "declaration of interest"
        verbose_name_plural = "declarations of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["place", "agenda_item", "member"],
                condition=Q(agenda_item__isnull=False),
                name="declaration_once_per_item_and_member",
                violation_error_message=_("This member has declared an interest in this item."),
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.nature[:60]}"

    def clean(self):
        super().clean()
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": _("Choose an item on this meeting’s agenda.")})


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(PlaceScoped):
    """A member's vote on an agenda item (a fund application), as the minutes record it."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_item", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "agenda_item", "member"],
                name="vote_once_per_item_and_member",
                violation_error_message=_("This member has already voted on this item."),
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.get_choice_display()}"
