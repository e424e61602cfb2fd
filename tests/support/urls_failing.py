"""The site's routes plus two that fail, to see what people and partner systems are shown."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from coordination.urls import handler400, handler500
from coordination.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def broken(request, **kwargs):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


urlpatterns = [
    path("api/v1/broken/", broken),
    path("api/v1/suspicious/", suspicious),
    path("broken/", broken),
    path("suspicious/", suspicious),
    path("<slug:place_slug>/broken/", broken),
    *site_urlpatterns,
]
