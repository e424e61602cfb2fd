"""API routes: /api/v1/... (names in the "api" namespace), the OpenAPI schema and interactive docs.

Place-owned resources live under /api/v1/places/<place_slug>/; PlaceMiddleware resolves the place
from that kwarg exactly as for the browser's /<place_slug>/ pages. The last route answers any other
/api/ address with the JSON 404 of coordination.api.errors instead of the HTML page.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from coordination.accounts.api import InvitationViewSet, MembershipViewSet, MeView
from coordination.organisations.api import OrganisationViewSet
from coordination.places.api import AreaViewSet, PlaceViewSet
from coordination.webhooks.api import WebhookSubscriptionViewSet

from .auth import ObtainTokenView
from .errors import not_found
from .views import ApiRootView

# path() converters rather than regexes: the isolation test reads each route's identifier type.
router = SimpleRouter(use_regex_path=False)
router.register("places", PlaceViewSet, basename="place")

place_router = SimpleRouter(use_regex_path=False)
place_router.register("areas", AreaViewSet, basename="area")
place_router.register("organisations", OrganisationViewSet, basename="organisation")
place_router.register("memberships", MembershipViewSet, basename="membership")
place_router.register("invitations", InvitationViewSet, basename="invitation")
place_router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")

v1_patterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
    path("places/<slug:place_slug>/", include(place_router.urls)),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include((v1_patterns, "api"))),
    re_path(r"^.*$", not_found, name="api-not-found"),
]
