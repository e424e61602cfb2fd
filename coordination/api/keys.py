"""Making and checking partner keys: ``ipk_<prefix>_<secret>``, stored as a sha256 hash.

The secret has 256 bits of randomness, so a fast hash is enough (no password stretching needed),
and the comparison is constant-time.
"""

import hashlib
import hmac
import secrets

KEY_PREFIX = "ipk_"


def new_key():
    """(the key to show once, its lookup prefix, its hash)."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, hash_key(key)


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key):
    """The lookup prefix of a well-formed key, else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    prefix, _sep, secret = key.removeprefix(KEY_PREFIX).partition("_")
    if len(prefix) != 12 or not secret:
        return None
    return prefix


def matches(key, stored_hash):
    return hmac.compare_digest(hash_key(key), stored_hash)
