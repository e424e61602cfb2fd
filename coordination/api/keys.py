"""Making and checking secrets of the form ``<kind><prefix>_<secret>``, stored as a sha256 hash.

Partner keys are ``ipk_...``, personal API tokens ``ipt_...``. The secret has 256 bits of
randomness, so a fast hash is enough (no password stretching needed), and the comparison is
constant-time.
"""

import hashlib
import hmac
import secrets

KEY_PREFIX = "ipk_"
TOKEN_PREFIX = "ipt_"  # noqa: S105  # nosec B105 (the kind marker, not a secret)


def new_key(kind=KEY_PREFIX):
    """(the key to show once, its lookup prefix, its hash)."""
    prefix = secrets.token_hex(6)
    key = f"{kind}{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, hash_key(key)


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key, kind=KEY_PREFIX):
    """The lookup prefix of a well-formed key, else None."""
    if not key.startswith(kind):
        return None
    prefix, _sep, secret = key.removeprefix(kind).partition("_")
    if len(prefix) != 12 or not secret:
        return None
    return prefix


def matches(key, stored_hash):
    return hmac.compare_digest(hash_key(key), stored_hash)
