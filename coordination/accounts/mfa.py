"""Two-factor authentication required of place admins (and staff), who can change who has access.

A person who is a place admin anywhere, or Django staff, and has no authenticator yet owes the
set-up step: ``must_set_up_mfa`` is the one rule, and every way in applies it. Pages send them to
allauth.mfa's TOTP set-up page (AdminMfaMiddleware); the API answers 403 in its error shape,
whether they come with a browser session (the middleware), a personal token or a partner key they
made (coordination.api.authentication). Only the pages needed to finish (set-up, re-entering the
password, signing out, password reset) and static files stay reachable.

A person who has an authenticator is not signed in until allauth has checked its code: allauth
keeps them anonymous between the password and the code, and the Django admin's own password-only
sign-in form is routed through allauth's (coordination/urls.py). Off when MFA_REQUIRED_FOR_ADMINS
is false (the local demo, whose admins would otherwise meet the set-up page first).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from .models import Membership, Role

# Paths a person who owes the set-up step may still use: setting it up, re-entering their
# password for it, signing out, resetting a forgotten password, and the files pages need.
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/reset/",
    "/static/",
    "/healthz",
    "/readyz",
)
MFA_REQUIRED_CODE = "mfa_required"
SET_UP_IN_BROWSER = gettext_lazy(
    "Your account needs two-factor authentication before it can use the API. Sign in with a "
    "browser and set up an authenticator app, then try again."
)
KEY_MAKER_MUST_SET_UP = gettext_lazy(
    "The person who made this API key needs two-factor authentication: until they sign in with "
    "a browser and set up an authenticator app, their keys do not work."
)
_OWES = "_inplace_must_set_up_mfa"  # the answer, kept on the user object for this request


def must_set_up_mfa(user):
    """Whether ``user`` owes the two-factor set-up step (and so may use nothing else)."""
    if not getattr(settings, "MFA_REQUIRED_FOR_ADMINS", False) or not user.is_authenticated:
        return False
    owes = getattr(user, _OWES, None)
    if owes is None:
        with scopes_disabled():  # an admin in any place: a question about this person across places
            admin = user.is_staff or (
                Membership.objects.filter(user=user, role=Role.PLACE_ADMIN).exists()
            )
        owes = admin and not is_mfa_enabled(user)
        setattr(user, _OWES, owes)
    return owes


class AdminMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ALLOWED_PREFIXES) and must_set_up_mfa(request.user):
            # Imported here: the API's modules import this one for their side of the rule.
            from coordination.api.errors import api_error_response, is_api_path

            if is_api_path(request.path):
                return api_error_response(403, SET_UP_IN_BROWSER, code=MFA_REQUIRED_CODE)
            messages.warning(
                request,
                _(
                    "You are an administrator, so your account needs a second step at sign-in. "
                    "Set up an authenticator app to carry on."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)
