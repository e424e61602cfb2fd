"""Partner API keys: how a partner system (a council CRM, a grants system) calls the API for a place.

A key belongs to one place, acts with the roles its creator holds there, narrowed by its scopes:
"read" for GET, and "write:<app>" to change one app's resources. Only a hash of the key is stored;
the key itself is shown once, when it is made.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coordination.places.tenancy import PlaceScoped

READ = "read"
WRITE_PREFIX = "write:"


class PartnerKey(PlaceScoped):
    name = models.CharField(max_length=120, help_text="Which system uses it, e.g. 'Council CRM'.")
    # The first characters of the key, kept in clear to find it and to show which key it is.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)  # sha256 hex of the whole key
    scopes = models.JSONField(default=list)
    rate = models.CharField(
        max_length=20,
        blank=True,
        help_text="Its own rate limit, e.g. '1200/min'; empty for API_THROTTLE_PARTNER.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="partner_key_name_unique_while_active",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def allows(self, scope):
        return scope in (self.scopes or [])


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an ``Idempotency-Key``, replayed on a retry.

    Keyed by who asked (a hash of their Authorization header, or their signed-in session's user)
    and their key, so one caller can never receive another's response. Not place data: the place
    is in the request's path, which is part of the fingerprint.
    """

    identity = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path and body
    done = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identity", "key"], name="idempotency_key_once")
        ]

    def __str__(self):
        return f"{self.key} ({'done' if self.done else 'in progress'})"
