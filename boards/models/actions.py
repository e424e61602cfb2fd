"""Actions a board agrees, who owns them (a person or an organisation), and progress notes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager

from .boards import Board
from .meetings import Meeting


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
    description = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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
    due_on = models.DateField(validators=[not_too_far_ahead])
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

    def get_absolute_url(self):
        return reverse(
            "places:boards:action_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

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
    text = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]
