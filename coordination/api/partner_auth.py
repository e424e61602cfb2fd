"""Authenticating partner keys, enforcing their place and scopes, and their own rate limits.

``Authorization: Bearer ipk_...``. The request runs as the key's creator (their roles in the place
decide, as for anyone), narrowed by the key: only its own place (another place's address is the
same 404 as a missing one), GET and HEAD with "read", changes only with "write:<app>". A key acts
for a partner system in its place, never as its creator in person: addresses outside a place
(``/api/v1/me/``, which lists the creator's memberships everywhere) are refused unless the view
says it serves partner keys (``partner_keys_allowed``: the API root, the public list of places).
A key whose creator owes the two-factor set-up step (coordination.accounts.mfa) does not work.
"""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from coordination.accounts.mfa import KEY_MAKER_MUST_SET_UP
from coordination.places.tenancy import scopes_disabled

from .authentication import refuse_if_mfa_owed
from .keys import matches, prefix_of
from .models import READ, PartnerKey
from .scopes import write_scope_for
from .throttling import OutageTolerantThrottle

KEYWORD = b"bearer"
LAST_USED_RESOLUTION = timedelta(minutes=1)
INVALID = _("This API key is not valid, or has been revoked.")


class PartnerKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as: Authorization: Bearer <key>"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(INVALID) from exc
        prefix = prefix_of(key)
        if prefix is None:
            raise exceptions.AuthenticationFailed(INVALID)
        # Found by its own unique prefix before any place is known: the key names its place.
        with scopes_disabled():
            row = (
                PartnerKey.objects.select_related("created_by", "place")
                .filter(prefix=prefix, revoked_at__isnull=True)
                .first()
            )
        if row is None or not matches(key, row.key_hash) or not row.created_by.is_active:
            raise exceptions.AuthenticationFailed(INVALID)
        refuse_if_mfa_owed(row.created_by, KEY_MAKER_MUST_SET_UP)
        view = (getattr(request, "parser_context", None) or {}).get("view")
        check_partner_key(request, view, row)
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
            with scopes_disabled():
                PartnerKey.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.created_by, row

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def check_partner_key(request, view, key):
    """Refuse what the key may not do, whatever the view's own permission classes say."""
    place = getattr(request, "place", None)
    if place is not None and place.pk != key.place_id:
        raise Http404
    if place is None and not getattr(view, "partner_keys_allowed", False):
        raise exceptions.PermissionDenied(
            _(
                "A partner API key works only with its own place's resources, under "
                "/api/v1/places/%(place)s/: it cannot act as the person who made it."
            )
            % {"place": key.place.slug}
        )
    if request.method in SAFE_METHODS:
        if not key.allows(READ):
            raise exceptions.PermissionDenied(_("This API key may not read."))
        return
    needed = write_scope_for(view) if view is not None else "write:unknown"
    if place is None or not key.allows(needed):
        raise exceptions.PermissionDenied(
            _("This API key does not have the %(scope)s scope.") % {"scope": needed}
        )


def is_partner_request(request):
    return isinstance(getattr(request, "auth", None), PartnerKey)


class PartnerKeyRateThrottle(OutageTolerantThrottle, SimpleRateThrottle):
    """Each key's own budget: its ``rate``, else API_THROTTLE_PARTNER."""

    scope = "partner"

    def __init__(self):
        pass  # the rate is the key's, known only once the request is authenticated

    def allow_request(self, request, view):
        if not is_partner_request(request):
            return True
        key = request.auth
        self.rate = key.rate or self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": f"key-{request.auth.pk}"}


class PersonRateThrottle(OutageTolerantThrottle, UserRateThrottle):
    """The per-person budget, for people only: a partner key has its own (above)."""

    def allow_request(self, request, view):
        if is_partner_request(request):
            return True
        return super().allow_request(request, view)


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A partner API key made by a place admin (`ipk_...`), sent as "
                "`Authorization: Bearer <key>`. It works only in its own place, acts with its "
                "creator's roles there, reads with the `read` scope and changes an app's "
                "resources only with that app's `write:<app>` scope. It never acts as its "
                "creator in person: /api/v1/me/ refuses it."
            ),
        }
