"""Meetings of a board and their agendas: when and where, who chairs and takes the minutes,
whether the public may come, and whether the meeting was called off."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager
from coordination.web_addresses import validate_web_address

from .boards import Board


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
    starts_at = models.DateTimeField(validators=[not_too_far_ahead])
    ends_at = models.DateTimeField(validators=[not_too_far_ahead])
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
    minutes = text_limits.BoundedTextField(blank=True, max_length=text_limits.LONG)
    minutes_status = models.CharField(
        max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = text_limits.BoundedTextField(
        max_length=text_limits.NOTE,
        blank=True,
        help_text=_("Shown to everyone who can see the meeting."),
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

    def get_absolute_url(self):
        return reverse(
            "places:boards:meeting_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

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
    def is_cancelled(self):
        return self.cancelled_at is not None


class AgendaItem(PlaceScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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
