"""A person's secret calendar link for a place."""

import secrets

from django.conf import settings
from django.db import models

from coordination.places.tenancy import PlaceScoped


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
