"""The audit trail: who changed what, when, in which place."""

from django.conf import settings
from django.db import models

from coordination.places.tenancy import PlaceScoped


class AuditEntry(PlaceScoped):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    # While set, no reader sees the entry (pages, admin, API), until the app that sealed it unseals
    # every entry under the key: a sealed bid's submission or withdrawal, until its tender's bids
    # open. The entry keeps who acted, so the trail is whole once it opens.
    sealed_key = models.CharField(max_length=80, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["place", "-created_at"], name="audit_place_recent")]

    def __str__(self):
        return f"{self.action} {self.target_repr}"
