"""What notifications hold about a person, and how closing their account forgets it: their
notifications and preferences go; emails to them keep the fact of sending, not the address or text."""

from coordination.personal_data.registry import model_data

from .models import Notification, NotificationPreference, OutboxEmail, OutboxStatus

REMOVED = "(removed when the account closed)"


def forget_notifications(user):
    Notification.objects.filter(user=user).delete()


def forget_preferences(user):
    NotificationPreference.objects.filter(user=user).delete()


def forget_emails(user):
    emails = OutboxEmail.objects.filter(recipient=user)
    emails.filter(status=OutboxStatus.PENDING).update(status=OutboxStatus.CANCELLED)
    emails.update(
        to_email=f"closed-{user.pk}@closed.invalid",
        subject=REMOVED,
        text_body=REMOVED,
        html_body="",
        headers={},
    )


ENTRIES = (
    model_data(
        "notifications.notifications",
        "notifications.Notification",
        ["user"],
        ("id", "place_id", "kind", "title", "body", "url", "emailed", "created_at", "read_at"),
        anonymise=forget_notifications,
    ),
    model_data(
        "notifications.preferences",
        "notifications.NotificationPreference",
        ["user"],
        ("id", "place_id", "digest", "reminders_off", "news", "last_digest_at", "updated_at"),
        anonymise=forget_preferences,
    ),
    model_data(
        "notifications.emails",
        "notifications.OutboxEmail",
        ["recipient"],
        ("id", "place_id", "to_email", "kind", "subject", "status", "sent_at", "created_at"),
        anonymise=forget_emails,
    ),
)
