"""What a meeting records besides its minutes text: who attended, and the decisions taken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .meetings import AgendaItem, Meeting


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
    text = text_limits.BoundedTextField(max_length=text_limits.TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]
