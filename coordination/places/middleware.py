"""Resolve the place from the URL (/<place>/... and /api/v1/places/<place>/...) and scope the request to it."""

from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from .selectors import get_active_place


class PlaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.place = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_names and match.app_names[0] == "admin":
            # The Django admin is for superusers across places; it filters explicitly.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("place_slug")
        if slug is None:
            return self.get_response(request)
        place = get_active_place(slug)
        if place is None:
            raise Http404("No such place")
        request.place = place
        with scope(place=place):
            return self.get_response(request)
