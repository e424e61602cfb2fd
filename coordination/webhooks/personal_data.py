"""Webhook subscriptions a person set up: kept on closing (the place relies on them), shown as
made by "Former member"."""

from coordination.personal_data.registry import model_data

ENTRIES = (
    model_data(
        "webhooks.subscriptions_made",
        "webhooks.WebhookSubscription",
        ["created_by"],
        ("id", "place_id", "name", "url", "events", "paused_at", "created_at"),
    ),
)
