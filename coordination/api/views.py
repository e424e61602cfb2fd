"""The API root (where to start, the shape of the place-scoped addresses) and the place's
tombstones for incremental sync."""

import django_filters
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from coordination.api.serializers import Serializer
from coordination.audit.models import AuditEntry

from . import deletions
from .mixins import PlaceScopedViewSetMixin

# Resources under /api/v1/places/{place_slug}/, by the route name of their list.
PLACE_RESOURCES = {
    "areas": "area-list",
    "organisations": "organisation-list",
    "memberships": "membership-list",
    "invitations": "invitation-list",
    "deletions": "deletion-list",
}
_PLACEHOLDER = "place-slug-placeholder"


class ApiRootSerializer(Serializer):
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
    partner_keys_allowed = True  # nothing here depends on who asks

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


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: public, so a partner system may fetch it with its key too."""

    partner_keys_allowed = True


class DeletionSerializer(Serializer):
    resource = serializers.SerializerMethodField(
        help_text="The list it was removed from, as in its address (services, needs, ...)."
    )
    id = serializers.SerializerMethodField(help_text="Its id in that list.")
    deleted_at = serializers.DateTimeField(source="created_at")

    def get_resource(self, entry) -> str:
        return deletions.resource_of(entry.action)

    def get_id(self, entry) -> int:
        return int(entry.target_id)


class DeletionFilter(django_filters.FilterSet):
    resource = django_filters.ChoiceFilter(
        choices=lambda: [(r, r) for r in deletions.resources()],
        method="filter_resource",
        help_text="Only removals from this list.",
    )

    class Meta:
        model = AuditEntry
        fields = []

    def filter_resource(self, queryset, name, value: str):
        return queryset.filter(action__in=deletions.actions_of(value))


class DeletionViewSet(PlaceScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What was removed from the place, oldest first: for incremental sync, beside each list's
    `updated_since`. Keep the newest `deleted_at` you have seen and send it as `updated_since` next
    time; drop each (resource, id) from your copy. You see removals of what you could see."""

    model = AuditEntry
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilter
    updated_field = "created_at"
    ordering_fields = ["created_at"]
    ordering = ["created_at"]
    place_actions = {"list": "view_place_home"}

    def get_place_queryset(self, place):
        return deletions.deletions_visible_to(self.request.user, place)
