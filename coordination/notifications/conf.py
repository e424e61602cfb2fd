"""The notifications settings and their defaults, read when used (never at import time)."""

from django.conf import settings

DEFAULTS = {
    # Attempts before a row is marked failed (a permanent 5xx refusal fails it at once).
    "MAX_ATTEMPTS": 6,
    # Back-off after failed attempt n: base * 2 ** (n - 1) seconds, at most RETRY_MAX_SECONDS.
    "RETRY_BASE_SECONDS": 60,
    "RETRY_MAX_SECONDS": 6 * 60 * 60,
    # A row claimed for sending longer ago than this was left by a stopped worker (see delivery.py).
    "SENDING_LEASE_SECONDS": 15 * 60,
    # Seconds an SMTP conversation may stall, when EMAIL_TIMEOUT does not say.
    "SMTP_TIMEOUT": 60,
    # Rows one deliver_outbox run sends per place before it leaves the rest to the next tick.
    "DELIVERY_BATCH": 500,
    # People whose digests are decided in one transaction.
    "DIGEST_CHUNK": 250,
    # Queue a delivery task when a transaction that wrote outbox rows commits (beat delivers too).
    "DELIVER_ON_COMMIT": True,
    # A digest covers at most this many of its periods, however long ago the last one was.
    "DIGEST_MAX_PERIODS": 2,
}


def notification_setting(name):
    return getattr(settings, f"NOTIFICATIONS_{name}", DEFAULTS[name])
