"""Two-factor authentication required of place admins (and staff), who can change who has access.

A person who is a place admin anywhere, or Django staff, and has no authenticator yet is sent to
set one up (allauth.mfa's TOTP page) before any other page; once they have one, allauth asks for
its code at every sign-in. Signing out, the account pages and static files stay reachable so they
can finish, and the API is left to its own keys and tokens. Off when MFA_REQUIRED_FOR_ADMINS is
false (the local demo, whose admins would otherwise meet the set-up page first).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .models import Membership, Role

# Paths an admin without MFA may still use: setting it up, signing out, the account pages.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz", "/readyz", "/media/")


def must_set_up_mfa(user):
    if not getattr(settings, "MFA_REQUIRED_FOR_ADMINS", False) or not user.is_authenticated:
        return False
    with scopes_disabled():  # an admin in any place: a question about this person across places
        admin = user.is_staff or (
            Membership.objects.filter(user=user, role=Role.PLACE_ADMIN).exists()
        )
    return admin and not is_mfa_enabled(user)


class AdminMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ALLOWED_PREFIXES) and must_set_up_mfa(request.user):
            messages.warning(
                request,
                _(
                    "You are an administrator, so your account needs a second step at sign-in. "
                    "Set up an authenticator app to carry on."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)
