"""Find the place in the URL and scope the request to it.

Both /<place>/... and /api/v1/places/<place>/... name it in the ``place_slug`` kwarg. The place is
read once Django has resolved the URL for the view (``process_view``, so the URL is resolved once
per request), and its scope lasts until the response leaves this middleware. PlaceMiddleware sits
before CsrfViewMiddleware, so a page refused for its CSRF token is still shown inside its place.
"""

import contextlib

from django.http import Http404
from django_scopes import scopes_disabled

from coordination.api.errors import api_error_response, is_api_path

from .selectors import get_active_place, no_place_message
from .tenancy import place_scope


class PlaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.place = None
        with contextlib.ExitStack() as scopes:
            request._place_scopes = scopes
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scopes = request._place_scopes
        match = request.resolver_match
        if match.app_names and match.app_names[0] == "admin":
            # The Django admin is for superusers across places; it filters explicitly.
            scopes.enter_context(scopes_disabled())
            return None
        slug = view_kwargs.get("place_slug")
        if slug is None:
            return None
        place = get_active_place(slug)
        if place is None:
            if is_api_path(request.path_info):
                # DRF's handler has not run yet: answer in the API's JSON error shape here.
                return api_error_response(404, no_place_message(slug))
            raise Http404("No such place")
        request.place = place
        scopes.enter_context(place_scope(place))
        return None
