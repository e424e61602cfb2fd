"""The API root: where to start, and the shape of the place-scoped addresses."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# Resources under /api/v1/places/{place_slug}/, by the route name of their list.
PLACE_RESOURCES = {
    "areas": "area-list",
    "organisations": "organisation-list",
    "memberships": "membership-list",
    "invitations": "invitation-list",
}
_PLACEHOLDER = "place-slug-placeholder"


class ApiRootSerializer(serializers.Serializer):
    places = serializers.URLField()
    me = serializers.URLField()
    auth_token = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
    place = serializers.CharField(
        help_text="Template of a place's address: put a place's slug for {place_slug}."
    )
    place_resources = serializers.DictField(
        child=serializers.CharField(),
        help_text="Templates of the addresses of each place's resources.",
    )


class ApiRootView(APIView):
    """Start here: the resources of InPlace API v1."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ApiRootSerializer}, tags=["root"])
    def get(self, request):
        def url(name, **kwargs):
            return reverse(name, kwargs=kwargs or None, request=request)

        def template(name):
            return url(name, place_slug=_PLACEHOLDER).replace(_PLACEHOLDER, "{place_slug}")

        return Response(
            {
                "places": url("api:place-list"),
                "me": url("api:me"),
                "auth_token": url("api:auth-token"),
                "schema": url("api-schema"),
                "docs": url("api-docs"),
                "place": template("api:place-detail"),
                "place_resources": {
                    key: template(f"api:{name}") for key, name in PLACE_RESOURCES.items()
                },
            }
        )
