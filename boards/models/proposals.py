"""Residents' ideas to their community board, and the residents who support them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .boards import Board, BoardKind


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
    description = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=24, choices=ProposalStatus.choices, default=ProposalStatus.NEW
    )
    answer = text_limits.BoundedTextField(
        blank=True,
        help_text=_("The board’s answer, shown to everyone."),
        max_length=text_limits.TEXT,
    )
    reason = text_limits.BoundedTextField(
        blank=True, help_text=_("Why it was not taken forward."), max_length=text_limits.NOTE
    )
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

    def get_absolute_url(self):
        return reverse(
            "places:boards:proposal_detail", kwargs={"place_slug": self.place.slug, "pk": self.pk}
        )

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
