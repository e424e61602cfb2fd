"""Search in the API: ``GET /api/v1/places/<place>/search/?q=&type=&page=``.

The same search as the page, for the person the request runs as (a personal token's owner; a
partner key runs as its creator, narrowed by the key): every result is one they could open.
Pages of 20, best first, with ``next`` as on the other lists and the counts per kind.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from coordination.api.filters import ALWAYS_ALLOWED, unknown_parameters_error
from coordination.api.permissions import PUBLIC, PlacePermission

from . import selectors
from .forms import MAX_PAGE
from .registry import search_kinds

PARAMETERS = {"q", "type", "page"}


def _kind_keys():
    return [kind.key for kind in search_kinds()]


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=selectors.QUERY_LIMIT, trim_whitespace=True, required=False, allow_blank=True
    )
    type = serializers.ListField(
        child=serializers.ChoiceField(choices=[]), required=False, max_length=50
    )
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].child.choices = _kind_keys()


class SearchResultSerializer(serializers.Serializer):
    type = serializers.CharField(source="kind", read_only=True)
    label = serializers.CharField(read_only=True)
    title = serializers.CharField(
        read_only=True, help_text="HTML: the title escaped, the words searched for in <mark>."
    )
    snippet = serializers.CharField(
        read_only=True, help_text="HTML: part of the text escaped, the words in <mark>."
    )
    link = serializers.CharField(source="url", read_only=True)


class SearchPageSerializer(serializers.Serializer):
    next = serializers.URLField(read_only=True, allow_null=True)
    count = serializers.IntegerField(read_only=True, help_text="Results of the chosen types.")
    counts = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Results by type."
    )
    results = SearchResultSerializer(many=True, read_only=True)


class SearchView(GenericAPIView):
    """Search this place: the best matches first, only what the caller could open."""

    serializer_class = SearchPageSerializer
    permission_classes = [PlacePermission]
    place_actions = {"get": PUBLIC}
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Words to find (at most 200 characters). Without them, no results.",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="Only results of these types (repeat the parameter for several).",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page of 20 results."),
        ],
        responses=SearchPageSerializer,
    )
    def get(self, request, *args, **kwargs):
        unknown = sorted(set(request.query_params) - PARAMETERS - ALWAYS_ALLOWED)
        if unknown:
            raise unknown_parameters_error(unknown, PARAMETERS)
        data = {"q": request.query_params.get("q", "")}
        if "type" in request.query_params:
            data["type"] = request.query_params.getlist("type")
        if "page" in request.query_params:
            data["page"] = request.query_params.get("page")
        params = SearchParametersSerializer(data=data)
        if not params.is_valid():
            raise ValidationError(params.errors)
        values = params.validated_data
        page = values.get("page", 1)
        outcome = selectors.search(
            request.place, request.user, values.get("q", ""), values.get("type", ()), page
        )
        url = request.build_absolute_uri()
        next_link = None
        if outcome.page < outcome.pages and page < MAX_PAGE:
            next_link = replace_query_param(url, "page", outcome.page + 1)
        body = {
            "next": next_link,
            "count": outcome.total,
            "counts": {kind.key: kind.count for kind in outcome.counts},
            "results": outcome.results,
        }
        return Response(SearchPageSerializer(body).data)
