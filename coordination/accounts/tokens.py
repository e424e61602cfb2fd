"""Personal API tokens (``Authorization: Token <key>``): their lifetime, issuing and revoking.

A person has at most one token (DRF's authtoken). It lasts API_TOKEN_LIFETIME_DAYS from when it
was made, and ends sooner when the person revokes it (their "API tokens" page) or their password
changes: whoever knew the old password may have asked for a token with it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

logger = logging.getLogger(__name__)
SHOWN_PREFIX_LENGTH = 8


def token_expires_at(token):
    return token.created + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def token_has_expired(token, *, now=None):
    return (now or timezone.now()) >= token_expires_at(token)


def api_tokens_of(user):
    """The person's tokens, newest first, each with its ``expires_at`` and ``has_expired``."""
    now = timezone.now()
    tokens = list(Token.objects.filter(user=user).order_by("-created"))
    for token in tokens:
        token.expires_at = token_expires_at(token)
        token.has_expired = token_has_expired(token, now=now)
        token.prefix = shown_prefix(token)
    return tokens


@transaction.atomic
def api_token_for(*, user):
    """The person's current token, made afresh if they have none or theirs has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_has_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
        logger.info("API token made for user %s", user.pk)
    return token


def shown_prefix(token):
    """The start of a token, enough for its owner to recognise it; never the whole key."""
    return token.key[:SHOWN_PREFIX_LENGTH]


@transaction.atomic
def api_token_revoke(*, user, prefix):
    """Revoke the person's own token that starts with ``prefix``; False when they have none."""
    if len(prefix) != SHOWN_PREFIX_LENGTH:
        return False
    deleted, _by_model = Token.objects.filter(user=user, key__startswith=prefix).delete()
    if deleted:
        logger.info("API token revoked by user %s", user.pk)
    return bool(deleted)


def api_tokens_revoke_all(*, user, reason):
    deleted, _by_model = Token.objects.filter(user=user).delete()
    if deleted:
        logger.info("API tokens of user %s revoked: %s", user.pk, reason)
    return deleted
