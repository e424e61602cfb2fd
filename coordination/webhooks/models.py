"""Webhook subscriptions of a place, and every delivery made to them (the delivery log)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.places.tenancy import PlaceScoped
from coordination.web_addresses import validate_web_address


class WebhookSubscription(PlaceScoped):
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500, validators=[validate_web_address])
    events = models.JSONField(default=list)
    # Signs each delivery (HMAC-SHA256); kept, because every delivery needs it, and shown once.
    secret = models.CharField(max_length=100)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="webhook_name_unique_in_place")
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.paused_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(PlaceScoped):
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=80)
    event_id = models.UUIDField()
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["place", "status", "next_attempt_at"], name="webhook_due"),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription}"
