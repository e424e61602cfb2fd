"""In-app notifications, the email outbox and each person's notification preferences in a place."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import text_limits
from coordination.places.tenancy import PlaceScoped

DIGEST_KIND = "digest"
REMINDER_KIND_PREFIX = "reminder:"


class Notification(PlaceScoped):
    """Something for one person to see in the place: a reminder, or news from an app.

    ``emailed`` says whether it also went out by email (reminders do); the digest's "Your
    notifications" section gathers the unread ones that did not.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    body = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    url = models.CharField(max_length=500, blank=True)
    emailed = models.BooleanField(default=False)
    # Unread and not emailed, the digest's "Your notifications" gathers it, unless the person
    # turned that kind of news off (then it waits on the notifications page only).
    in_digest = models.BooleanField(default=True)
    # The same news for the same person is kept once: a second telling with this key is dropped.
    dedupe_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["place", "user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Claimed for sending by a worker that stopped before it recorded the result: the mail server
    # may have accepted it. Sent again only when an admin confirms.
    MAYBE_SENT = "maybe_sent", _("May have been delivered")
    CANCELLED = "cancelled", _("Not sent")


class OutboxEmail(PlaceScoped):
    """An email the place decided to send, written in the same transaction as that decision.

    ``dedupe_key`` is unique across all places: a second decision to send the same thing fails to
    insert, so nothing is queued twice. Failed ones, and ones that may have been delivered by a
    worker that stopped mid-send, wait for an admin's retry; sent, failed and cancelled rows go after
    RETENTION_OUTBOX_DAYS (the nightly retention run, docs/personal-data.md).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    kind = models.CharField(max_length=80)
    dedupe_key = models.CharField(max_length=255, unique=True)
    subject = models.CharField(max_length=255)
    text_body = text_limits.BoundedTextField(max_length=text_limits.GENERATED)
    html_body = text_limits.BoundedTextField(blank=True, max_length=text_limits.GENERATED)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = text_limits.BoundedTextField(blank=True, max_length=text_limits.TEXT)
    # Pending: not before this time. Sending: the claim's lease runs out at this time.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The receiving server refused the address for good (an SMTP 5xx): a bounce the admins hear of.
    bounced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox email"
        indexes = [
            models.Index(fields=["place", "status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["place", "-created_at"], name="outbox_place_recent"),
            models.Index(
                fields=["place", "bounced_at"],
                condition=models.Q(bounced_at__isnull=False),
                name="outbox_bounced",
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to_email}"

    @property
    def is_retryable(self):
        return self.status in (OutboxStatus.FAILED, OutboxStatus.MAYBE_SENT)

    @property
    def may_have_been_delivered(self):
        """A retry could send it twice: an admin confirms before it is sent again."""
        return self.status == OutboxStatus.MAYBE_SENT


class DigestFrequency(models.TextChoices):
    OFF = "off", _("No digest")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


class Delivery(models.TextChoices):
    """How a person hears of one kind of news about their own work."""

    NOW = "now", _("Email at once")
    DIGEST = "digest", _("In my digest")
    OFF = "off", _("Off")


class NotificationPreference(PlaceScoped):
    """How one person hears from one place. No row: the defaults (weekly digest, all reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    # Reminder kinds (registry.ReminderRule.kind) this person turned off; a new kind starts on.
    reminders_off = models.JSONField(default=list, blank=True)
    # {news kind (registry.NewsKind.kind): Delivery}; a kind not named here has its default. A
    # reminder kind named here with "digest" waits for the digest instead of an email at once.
    news = models.JSONField(default=dict, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "user"], name="notification_preference_one_per_place"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.place}"

    def wants_reminder(self, kind):
        return kind not in (self.reminders_off or [])

    def reminder_delivery(self, kind):
        """How a reminder of this kind reaches the person: at once, in the digest, or not."""
        if not self.wants_reminder(kind):
            return Delivery.OFF
        return Delivery.DIGEST if (self.news or {}).get(kind) == Delivery.DIGEST else Delivery.NOW

    def delivery_for(self, kind, default=Delivery.NOW):
        value = (self.news or {}).get(kind)
        return Delivery(value) if value in Delivery.values else Delivery(default)
