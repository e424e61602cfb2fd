"""What each notification email carries: absolute links, a stable Message-ID, one-click unsubscribe.

The unsubscribe link is signed (django.core.signing, its own salt) and names the person, the place
and what to stop: the digest, or one reminder kind. The signature is the authorisation, so it works
without signing in; anything altered fails to verify and changes nothing.
"""

import hashlib
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from .models import DIGEST_KIND

UNSUBSCRIBE_SALT = "coordination.notifications.unsubscribe"


def absolute_url(url):
    """A link that works from an email: paths on this site get SITE_URL in front."""
    if not url:
        return ""
    if urlsplit(url).scheme:
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def _mail_domain():
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" in address:
        return address.rsplit("@", 1)[1]
    return urlsplit(settings.SITE_URL).hostname or "inplace.invalid"


def message_id_for(dedupe_key):
    """One Message-ID for every attempt at an outbox row, so a receiver can drop a duplicate."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:40]
    return f"<{digest}@{_mail_domain()}>"


def from_address(place):
    """The sender as people see it, "InPlace – Coventry <no-reply@...>"; Django encodes it."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=f"{name or 'InPlace'} – {place.name}", addr_spec=address))


def unsubscribe_token(*, place, user, scope=DIGEST_KIND):
    """``scope`` is "digest" or a reminder kind."""
    return signing.dumps(
        {"p": place.pk, "u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token):
    """The (place id, user id, scope) a token names; signing.BadSignature if it was altered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not {"p", "u", "s"} <= data.keys():
        raise signing.BadSignature("Unsubscribe token without its fields")
    if (
        not isinstance(data["p"], int)
        or not isinstance(data["u"], int)
        or not isinstance(data["s"], str)
    ):
        raise signing.BadSignature("Unsubscribe token with malformed fields")
    return data["p"], data["u"], data["s"]


def unsubscribe_url(*, place, user, scope=DIGEST_KIND, base=None):
    """``base`` is place_links(place)["unsubscribe"], for a caller that makes many of these."""
    if base is None:
        base = place_links(place)["unsubscribe"]
    token = unsubscribe_token(place=place, user=user, scope=scope)
    return f"{base}?{urlencode({'t': token})}"


def place_links(place):
    """The place's absolute links that every notification email carries."""
    kwargs = {"place_slug": place.slug}
    return {
        "place": absolute_url(place.get_absolute_url()),
        "preferences": absolute_url(reverse("places:notifications:preferences", kwargs=kwargs)),
        "unsubscribe": absolute_url(reverse("places:notifications:unsubscribe", kwargs=kwargs)),
        "notifications": absolute_url(reverse("places:notifications:list", kwargs=kwargs)),
    }


def list_headers(unsubscribe):
    """RFC 2369 and RFC 8058 one-click unsubscribe, and RFC 3834's "sent by a machine"."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def render_pair(template_base, context):
    """The text and HTML parts from ``<template_base>.txt`` and ``.html``."""
    text = render_to_string(f"{template_base}.txt", context).strip() + "\n"
    html = render_to_string(f"{template_base}.html", context)
    return text, html
