"""The log of people's requests to download their data or close their account."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    EXPORT = "export", _("Download of their data")
    CLOSURE = "closure", _("Closing their account")


class Status(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready to download")
    EXPIRED = "expired", _("Expired")
    DONE = "done", _("Done")


def _new_token():
    return secrets.token_urlsafe(32)


class DataRequest(models.Model):
    """One request by a person about their data: a download, or closing their account.

    Not owned by a place: a person's data spans their places. ``user_reference`` ("person 12")
    names the account after it closes, with nothing personal in it. Kept for
    RETENTION_REQUEST_LOG_DAYS, to show each request was answered.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    user_reference = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # Why: "asked by the person", "dormant account".
    reason = models.CharField(max_length=100, blank=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The download: a file in private storage, offered only to its person, until expires_at.
    file_path = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "-requested_at"], name="datarequest_user")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user_reference}"

    @property
    def is_downloadable(self):
        return (
            self.kind == Kind.EXPORT
            and self.status == Status.READY
            and bool(self.file_path)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
