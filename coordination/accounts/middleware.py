"""Sign a person out after a spell without activity, and after SESSION_COOKIE_AGE in any case;
remember the place whose pages a person last opened.

Recording activity saves the session, which slides its cookie's expiry; the sign-in time kept
here makes SESSION_COOKIE_AGE an absolute limit all the same.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from coordination.api.errors import is_api_path

from .permissions import is_member
from .services import last_place_remember

LAST_SEEN = "inplace_last_seen"
SIGNED_IN = "inplace_signed_in_at"
# Record activity at most this often, so reading pages does not write the session every time.
RESOLUTION_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Session sign-ins only: an API token carries no session and no idle clock.
        if request.user.is_authenticated and request.session.session_key:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            signed_in = request.session.setdefault(SIGNED_IN, now)
            if last_seen is not None and now - last_seen > idle_limit:
                return self._sign_out(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
                )
            if now - signed_in > settings.SESSION_COOKIE_AGE:
                return self._sign_out(
                    request,
                    _("You were signed out because you signed in %(hours)d hours ago.")
                    % {"hours": settings.SESSION_COOKIE_AGE // 3600},
                )
            if last_seen is None or now - last_seen >= RESOLUTION_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    def _sign_out(self, request, message):
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


class LastPlaceMiddleware:
    """A page of a place the person belongs to, opened in the browser, becomes their last place
    (where signing in takes them). One UPDATE when it changes, nothing otherwise: the user row is
    read for the request already, and the person's roles here are read once for the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        place = getattr(request, "place", None)
        if (
            place is not None
            and request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and request.user.is_authenticated
            and request.user.last_place_id != place.pk
            and not is_api_path(request.path_info)
            and is_member(request.user, place)
        ):
            last_place_remember(user=request.user, place=place)
        return response
