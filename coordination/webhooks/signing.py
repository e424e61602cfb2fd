"""How deliveries are signed, and how a receiver checks them.

``X-InPlace-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>``.
A receiver recomputes the HMAC over the timestamp and the raw body, compares in constant time,
and refuses a timestamp more than five minutes old (a replay).
"""

import hashlib
import hmac
import secrets
import time

HEADER = "X-InPlace-Signature"
TOLERANCE_SECONDS = 300


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secret, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret, body, header, now=None):
    """True when ``header`` is a valid, recent signature of ``body`` (for receivers and tests)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
