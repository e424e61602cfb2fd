"""In-app notifications, the email outbox, preferences, reminders and digests."""
