"""What the public brings to a public meeting: registrations to attend, and questions sent in
before it starts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

from .meetings import Meeting


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
    text = text_limits.BoundedTextField(max_length=text_limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]
