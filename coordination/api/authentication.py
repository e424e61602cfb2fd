"""``Authorization: Token <key>``: DRF's token authentication, its lookup compiled once.

Every API request made with a token looks the token and its person up: the same query each time
with a different key, which the ORM would otherwise build and compile afresh on every request.
The answer is DRF's own (the same errors, inactive people refused); the database is still asked
every time, so a deleted token or a deactivated person is refused on the very next request.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from coordination.compiled import CompiledLookup

_by_key = CompiledLookup(Token.objects.select_related("user"), "key")


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        tokens = list(_by_key.filter(key))
        if not tokens:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = tokens[0]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
