"""Find the place in the URL and scope the request to it.

Both /<place>/... and /api/v1/places/<place>/... name it in the ``place_slug`` kwarg.
"""

from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scopes_disabled

from coordination.api.errors import api_error_response, is_api_path

from .selectors import get_active_place, no_place_message
from .tenancy import place_scope


class PlaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.place = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        # Known before Django resolves it again for the view: an answer given here (an unknown
        # place) is still counted under its URL pattern (coordination.ops.metrics).
        request.resolver_match = match
        if match.app_names and match.app_names[0] == "admin":
            # The Django admin is for superusers across places; it filters explicitly.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("place_slug")
        if slug is None:
            return self.get_response(request)
        place = get_active_place(slug)
        if place is None:
            if is_api_path(request.path_info):
                # DRF's handler has not run yet: answer in the API's JSON error shape here.
                return api_error_response(404, no_place_message(slug))
            raise Http404("No such place")
        request.place = place
        with place_scope(place):
            return self.get_response(request)
