"""Residents' ideas to their community board, and the residents who support them.

An idea is the proposer's to change or withdraw until the board answers it; after that its words
stay as the board answered them. Nobody supports their own idea, and support is given and
withdrawn only while the idea is open."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .boards import Board
from .moderation import Moderated


class ProposalStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    ACCEPTED = "accepted", _("Accepted")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn by the proposer")

    @classmethod
    def board_answers(cls):
        """The statuses the board may give an idea."""
        return [c for c in cls.choices if c[0] not in (cls.NEW, cls.WITHDRAWN)]


# Once the board has said what it did with an idea, or its proposer withdrew it, the idea no
# longer takes support (nor loses it).
CLOSED_STATUSES = (ProposalStatus.DONE, ProposalStatus.NOT_TAKEN_FORWARD, ProposalStatus.WITHDRAWN)

ANSWERED_REFUSAL = _(
    "The board has answered this idea, so it can no longer be changed or withdrawn: its words "
    "stay as the board answered them."
)
WITHDRAWN_REFUSAL = _("This idea was withdrawn by its proposer.")
CLOSED_REFUSAL = _("The board has answered this idea; it no longer takes support.")
NO_IDEAS_REFUSAL = _("This group does not take ideas.")
OWN_IDEA_REFUSAL = _("This is your own idea: support comes from other people.")
HIDDEN_REFUSAL = _("A moderator hid this idea; it takes no support.")


class Proposal(Moderated, PlaceScoped):
    """A resident's idea for their community group."""

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
    assets = models.ManyToManyField(
        "mapping.Asset",
        blank=True,
        related_name="proposals",
        help_text=_("The community assets the idea builds on."),
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the proposer last changed the idea.")
    )

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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the row held when read: clean() refuses to change the words of an answered idea.
        instance._loaded = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in ("title", "description", "status")
        }
        return instance

    def get_absolute_url(self):
        return reverse(
            "places:boards:proposal_detail", kwargs={"place_slug": self.place_slug, "pk": self.pk}
        )

    @property
    def is_answered(self):
        """The board has said something about it (any status it gives)."""
        return self.status not in (ProposalStatus.NEW, ProposalStatus.WITHDRAWN)

    @property
    def is_withdrawn(self):
        return self.status == ProposalStatus.WITHDRAWN

    @property
    def is_open_to_change(self):
        """The proposer may still change or withdraw it."""
        return self.status == ProposalStatus.NEW

    @property
    def takes_answer(self):
        """The board may answer it (and answer again): anything but a withdrawn idea."""
        return not self.is_withdrawn

    @property
    def takes_support(self):
        return self.status not in CLOSED_STATUSES and not self.is_hidden

    def clean(self):
        super().clean()
        if self.status == ProposalStatus.NOT_TAKEN_FORWARD and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the idea is not being taken forward.")})
        if self.board_id and not self.board.takes_ideas and self._state.adding:
            raise ValidationError({"board": NO_IDEAS_REFUSAL})
        loaded = getattr(self, "_loaded", None)
        if loaded and loaded.get("status") == ProposalStatus.WITHDRAWN != self.status:
            raise ValidationError({"status": WITHDRAWN_REFUSAL})
        if loaded and loaded.get("status", ProposalStatus.NEW) != ProposalStatus.NEW:
            changed = [
                f for f in ("title", "description") if f in loaded and loaded[f] != getattr(self, f)
            ]
            if changed:
                refusal = (
                    WITHDRAWN_REFUSAL
                    if loaded["status"] == ProposalStatus.WITHDRAWN
                    else ANSWERED_REFUSAL
                )
                raise ValidationError({field: refusal for field in changed})


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

    def clean(self):
        super().clean()
        if self.proposal_id and self.user_id and self.proposal.proposed_by_id == self.user_id:
            raise ValidationError({"user": OWN_IDEA_REFUSAL})
        if self.proposal_id and self.pk is None and not self.proposal.takes_support:
            raise ValidationError(
                WITHDRAWN_REFUSAL
                if self.proposal.is_withdrawn
                else HIDDEN_REFUSAL
                if self.proposal.is_hidden
                else CLOSED_REFUSAL
            )


class ProposalComment(Moderated, PlaceScoped):
    """A comment on an idea: public at once, hidden by a moderator if it breaks the terms."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = text_limits.BoundedTextField(max_length=text_limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.proposal.get_absolute_url()}#comment-{self.pk}"

    def clean(self):
        super().clean()
        if self.proposal_id and self.proposal.place_id != self.place_id:
            raise ValidationError({"proposal": _("The idea must be in the same place.")})
