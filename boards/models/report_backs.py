"""A subgroup's report-backs to its parent board's meetings and the recommendations in them,
each answered by the parent board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.dates import not_too_far_ahead
from coordination.places.tenancy import PlaceScoped

from .boards import Board, BoardKind
from .meetings import AgendaItem, Meeting


class ReportBackStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")


class ReportBack(PlaceScoped):
    """A subgroup's report to its parent board's meeting, due a lead time before that meeting."""

    subgroup = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="report_backs")
    parent_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="report_backs"
    )
    due_at = models.DateTimeField(validators=[not_too_far_ahead])
    status = models.CharField(
        max_length=16, choices=ReportBackStatus.choices, default=ReportBackStatus.DUE
    )
    summary = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    progress = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    asks = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
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

    def get_absolute_url(self):
        return reverse(
            "places:boards:report_back_detail",
            kwargs={"place_slug": self.place_slug, "pk": self.pk},
        )

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
    text = text_limits.BoundedTextField(max_length=text_limits.NOTE)
    response_status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.PENDING
    )
    response = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report_back", "order", "pk"]

    def __str__(self):
        return self.text[:80]
