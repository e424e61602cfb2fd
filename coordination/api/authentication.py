"""How people are authenticated in the API: personal tokens and browser sessions.

``Authorization: Token <key>`` is DRF's token authentication with its lookup compiled once (every
request with a token runs the same query with a different key, which the ORM would otherwise
build afresh each time). The database is still asked every time, so a deleted token or a
deactivated person is refused on the very next request. A token lasts API_TOKEN_LIFETIME_DAYS
from when it was made; a password change ends it sooner (coordination.accounts.tokens).

Every way in, these two and partner keys (partner_auth.py), applies the two-factor rule of
coordination.accounts.mfa: a person who owes the set-up step gets a 403 that says so.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from coordination.accounts.mfa import MFA_REQUIRED_CODE, SET_UP_IN_BROWSER, must_set_up_mfa
from coordination.accounts.tokens import token_has_expired
from coordination.compiled import CompiledLookup

_by_key = CompiledLookup(Token.objects.select_related("user"), "key")

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
        tokens = list(_by_key.filter(key))
        if not tokens:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = tokens[0]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token_has_expired(token):
            raise exceptions.AuthenticationFailed(EXPIRED)
        refuse_if_mfa_owed(token.user)
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
