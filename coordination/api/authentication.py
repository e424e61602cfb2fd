"""How people are authenticated in the API: personal tokens and browser sessions.

``Authorization: Token ipt_<prefix>_<secret>``: a personal token (coordination.accounts.tokens),
found by its prefix (an indexed column) and checked against its stored hash. The database is
asked on every request, so a revoked token or a deactivated person is refused on the very next
request, and so is a token past its expiry.

Every way in, these two and partner keys (partner_auth.py), applies the two-factor rule of
coordination.accounts.mfa: a person who owes the set-up step gets a 403 that says so.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from coordination.accounts.mfa import MFA_REQUIRED_CODE, SET_UP_IN_BROWSER, must_set_up_mfa
from coordination.accounts.models import ApiToken

from .keys import TOKEN_PREFIX, matches, prefix_of

LAST_USED_RESOLUTION = timedelta(minutes=1)

EXPIRED = _(
    "This token has expired. Ask for a new one (POST /api/v1/auth/token/) and use that instead."
)


class MfaRequired(exceptions.PermissionDenied):
    default_detail = SET_UP_IN_BROWSER
    default_code = MFA_REQUIRED_CODE


def refuse_if_mfa_owed(user, message=None):
    """The API's side of the two-factor rule: 403 for a person who owes the set-up step."""
    if must_set_up_mfa(user):
        raise MfaRequired(message)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        prefix = prefix_of(key, TOKEN_PREFIX)
        try:
            token = ApiToken.objects.select_related("user").get(prefix=prefix) if prefix else None
        except ApiToken.DoesNotExist:
            token = None
        if token is None or not matches(key, token.key_hash):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if now >= token.expires_at:
            raise exceptions.AuthenticationFailed(EXPIRED)
        refuse_if_mfa_owed(token.user)
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (CSRF enforced), with the two-factor rule."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            refuse_if_mfa_owed(result[0])
        return result


class InPlaceSessionScheme(SessionScheme):
    """The schema's cookie scheme, for the session authentication above."""

    target_class = SessionAuthentication
