"""Sign a person out after a spell without activity, and after SESSION_COOKIE_AGE in any case.

Recording activity saves the session, which slides its cookie's expiry; the sign-in time kept
here makes SESSION_COOKIE_AGE an absolute limit all the same.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

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
