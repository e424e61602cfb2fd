"""Every signed-in person has accepted the current terms: until they do, pages send them to
/accounts/terms/ with where they were going.

Cheap: one query a request (which versions are current for this person, selectors.required_terms),
compared with the fingerprint kept in their session when they were last found to have accepted
them. Only when the two differ are their acceptances read.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import selectors
from .views import SESSION_KEY

# Addresses a person who has not accepted may still use: to accept, sign out, read the statements,
# see or take away their data, and what is not a page (files, the API, health checks). The Django
# admin is the operator's back office, not taking part in a place.
OPEN_PREFIXES = (
    "/accounts/terms/",
    "/accounts/logout/",
    "/accounts/data/",
    "/accounts/close/",
    "/statements/",
    "/static/",
    "/media/",
    "/api/",
    "/admin/",
    "/healthz",
    "/readyz",
    "/metrics",
)


def _is_open(path):
    if path.startswith(OPEN_PREFIXES) or path == "/favicon.ico":
        return True
    parts = path.split("/")  # /<place>/statements/...
    return len(parts) > 2 and parts[2] == "statements"


class TermsAcceptedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _is_open(request.path):
            required = selectors.required_terms(user)
            seen = selectors.fingerprint(required)
            if request.session.get(SESSION_KEY) != seen:
                if selectors.terms_due(user, required):
                    wanted = request.get_full_path()
                    return redirect(f"{reverse('account_terms')}?{urlencode({'next': wanted})}")
                request.session[SESSION_KEY] = seen
        return self.get_response(request)
