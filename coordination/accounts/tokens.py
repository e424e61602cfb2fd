"""Personal API tokens (``Authorization: Token ipt_...``): issuing, listing and revoking them.

A person may hold several. Each is shown once, when it is made, and only its hash is kept. It
lasts API_TOKEN_LIFETIME_DAYS, and ends sooner when the person revokes it (their "API tokens"
page) or their password changes: whoever knew the old password may have asked for a token.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coordination.api.keys import TOKEN_PREFIX, new_key

from .models import ApiToken

logger = logging.getLogger(__name__)


def api_tokens_of(user):
    """The person's tokens, newest first."""
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def api_token_issue(*, user):
    """Returns (the token row, the token itself): the only time the token can be read."""
    key, prefix, key_hash = new_key(TOKEN_PREFIX)
    now = timezone.now()
    row = ApiToken(
        user=user,
        prefix=prefix,
        key_hash=key_hash,
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
    )
    row.full_clean()
    row.save()
    logger.info("API token %s made for user %s", row.prefix, user.pk)
    return row, key


@transaction.atomic
def api_token_revoke(*, user, token_id):
    """Revoke one of the person's own tokens; False when they have no such token."""
    deleted, _by_model = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if deleted:
        logger.info("API token %s of user %s revoked", token_id, user.pk)
    return bool(deleted)


def api_tokens_revoke_all(*, user, reason):
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    if deleted:
        logger.info("API tokens of user %s revoked: %s", user.pk, reason)
    return deleted
