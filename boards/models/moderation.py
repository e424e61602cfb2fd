"""Moderation of what residents post: ideas and comments go public at once; anyone can report one
with a reason, and a moderator (the group's secretary or chair, or a place admin) hides it with a
public reason, or restores it. A hidden post leaves a placeholder that gives the reason. Reports
are kept, with what the moderator did about them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped, PlaceScopedQuerySet, place_scoped_manager


class Moderated(models.Model):
    """What a moderator records on a post they hide: when, who and the public reason."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(
        _("reason for hiding"),
        max_length=300,
        blank=True,
        help_text=_("Shown publicly in place of the post."),
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def clean(self):
        super().clean()
        if self.hidden_at and not self.hidden_reason.strip():
            raise ValidationError({"hidden_reason": _("Say why the post is hidden.")})


class ReportReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive, hateful or discriminatory")
    PERSONAL = "personal", _("Shares someone's personal details")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Not about this place or group")
    OTHER = "other", _("Something else")


class ReportOutcome(models.TextChoices):
    HIDDEN = "hidden", _("Post hidden")
    KEPT = "kept", _("Post kept: it keeps to the terms")


class ContentReportQuerySet(PlaceScopedQuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ContentReport(PlaceScoped):
    """Someone's report of an idea or a comment, and what the moderator did about it."""

    proposal = models.ForeignKey(
        "boards.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    comment = models.ForeignKey(
        "boards.ProposalComment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    detail = text_limits.BoundedTextField(
        _("what is wrong"), blank=True, max_length=text_limits.NOTE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=ReportOutcome.choices, blank=True)

    objects = place_scoped_manager(ContentReportQuerySet)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True) ^ Q(comment__isnull=True),
                name="content_report_one_post",
                violation_error_message=_("A report is about one idea or one comment."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="")
                | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="content_report_resolved_with_outcome",
                violation_error_message=_("A resolved report says what was done."),
            ),
            models.UniqueConstraint(
                fields=["place", "proposal", "reporter"],
                condition=Q(resolved_at__isnull=True, proposal__isnull=False),
                name="content_report_once_open_per_idea",
                violation_error_message=_("You have already reported this idea."),
            ),
            models.UniqueConstraint(
                fields=["place", "comment", "reporter"],
                condition=Q(resolved_at__isnull=True, comment__isnull=False),
                name="content_report_once_open_per_comment",
                violation_error_message=_("You have already reported this comment."),
            ),
        ]

    def __str__(self):
        return f"Report of {self.post}"

    @property
    def post(self):
        return self.proposal if self.proposal_id else self.comment

    def clean(self):
        super().clean()
        if self.reason == ReportReason.OTHER and not self.detail.strip():
            raise ValidationError({"detail": _("Say what is wrong with the post.")})
        post = self.post
        if post is not None and post.place_id != self.place_id:
            raise ValidationError(_("The post must be in the same place."))
