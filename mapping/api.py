"""API: a place's services, needs and assets (read and write by role), the coverage analysis, the
area outlines (GeoJSON), and the Open Referral UK / HSDS 3.0 read endpoints under
/api/v1/places/<place>/hsds/."""

import math

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.rows import RowReads
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.exports.responses import serve_export
from coordination.organisations.models import Community
from coordination.organisations.selectors import organisations_in_place
from coordination.places.models import Area
from coordination.vocabularies import selectors as vocabularies
from coordination.vocabularies.models import Theme

from . import export_files, hsds, hsds_examples, selectors, services
from .answers import SERVICE_ROWS, service_answers
from .filters import AssetFilter, NeedFilter, ServiceFilter
from .models import AreaOutline, Asset, Need, Service
from .serializers import (
    AreaOutlineCollectionSerializer,
    AssetSerializer,
    CoverageSerializer,
    NeedSerializer,
    ServiceSerializer,
)


class _WriteViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"


class ServiceViewSet(RowReads, _WriteViewSet):
    """Services in a place: anyone may read; charity leaders add, change and remove their
    organisation's, coordinators any. Filter by theme, area and community slugs, delivery, status and q."""

    model = Service
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["name", "created_at", "updated_at", "last_verified"]
    ordering = ["name"]
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "add_services",
        "update": "add_services",
        "partial_update": "add_services",
        "destroy": "add_services",
    }

    def get_place_queryset(self, place):
        return with_slug_lists(
            # The answer names the organisation by id: no need to join it in.
            selectors.services_in_place(place).select_related(None),
            themes=SlugList(Theme.objects.all(), "services"),
            communities=SlugList(Community.objects.all(), "services"),
            areas=SlugList(Area.objects.for_place(place), "services"),
        )

    row_fields = SERVICE_ROWS

    def answers(self, rows):
        rows = list(rows)
        schedules = selectors.schedules_by_service(self.place, [row["id"] for row in rows])
        return service_answers(rows, self.address_of("api:service-detail"), schedules)

    def _check_organisation(self, organisation):
        allowed = selectors.service_organisation_choices(self.request.user, self.place)
        if organisation is not None and not allowed.filter(pk=organisation.pk).exists():
            raise ValidationError(
                {"organisation": [_("You may add services only for your own organisation.")]}
            )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self._check_organisation(data.get("organisation"))
        service = services.service_create(place=self.place, actor=self.request.user, **data)
        serializer.instance = self.reread(service)

    def perform_update(self, serializer):
        service = Service.objects.for_place(self.place).get(pk=serializer.instance.pk)
        if not selectors.can_edit_service(self.request.user, self.place, service):
            raise PermissionDenied(_("Only the organisation that runs it may change it."))
        data = dict(serializer.validated_data)
        if "organisation" in data:
            self._check_organisation(data["organisation"])
        services.service_update(place=self.place, actor=self.request.user, service=service, **data)
        serializer.instance = self.reread(service)

    def perform_destroy(self, instance):
        if not selectors.can_edit_service(self.request.user, self.place, instance):
            raise PermissionDenied(_("Only the organisation that runs it may remove it."))
        services.service_remove(place=self.place, actor=self.request.user, service=instance)


class NeedViewSet(_WriteViewSet):
    """Evidence of need: members other than residents read; charities, partners and staff submit."""

    model = Need
    serializer_class = NeedSerializer
    ordering_fields = ["created_at", "severity"]
    ordering = ["-created_at"]
    filterset_class = NeedFilter
    place_actions = {
        "list": "view_needs",
        "retrieve": "view_needs",
        "create": "submit_needs",
        "update": "submit_needs",
        "partial_update": "submit_needs",
        "destroy": "submit_needs",
    }

    def get_place_queryset(self, place):
        return with_slug_lists(
            selectors.needs_in_place(place),
            communities=SlugList(Community.objects.all(), "needs"),
        )

    def perform_create(self, serializer):
        organisation = selectors.organisations_acted_for(self.request.user, self.place).first()
        need = services.need_create(
            place=self.place,
            actor=self.request.user,
            organisation=organisation,
            **serializer.validated_data,
        )
        serializer.instance = self.reread(need)

    def perform_update(self, serializer):
        need = Need.objects.for_place(self.place).get(pk=serializer.instance.pk)
        if not selectors.can_edit_need(self.request.user, self.place, need):
            raise PermissionDenied(_("Only whoever submitted it, or a coordinator, may change it."))
        services.need_update(
            place=self.place, actor=self.request.user, need=need, **serializer.validated_data
        )
        serializer.instance = self.reread(need)

    def perform_destroy(self, instance):
        if not selectors.can_edit_need(self.request.user, self.place, instance):
            raise PermissionDenied(_("Only whoever submitted it, or a coordinator, may remove it."))
        services.need_remove(place=self.place, actor=self.request.user, need=instance)


class AssetViewSet(_WriteViewSet):
    """Community assets: anyone may read (contacts only with consent); members add them."""

    model = Asset
    serializer_class = AssetSerializer
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    filterset_class = AssetFilter
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "add_assets",
        "update": "add_assets",
        "partial_update": "add_assets",
        "destroy": "add_assets",
    }

    def get_place_queryset(self, place):
        return selectors.assets_in_place(place)

    def perform_create(self, serializer):
        asset = services.asset_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(asset)

    def perform_update(self, serializer):
        asset = Asset.objects.for_place(self.place).get(pk=serializer.instance.pk)
        if not selectors.can_edit_asset(self.request.user, self.place, asset):
            raise PermissionDenied(_("Only whoever added it, or a coordinator, may change it."))
        services.asset_update(
            place=self.place, actor=self.request.user, asset=asset, **serializer.validated_data
        )
        serializer.instance = self.reread(asset)

    def perform_destroy(self, instance):
        if not selectors.can_edit_asset(self.request.user, self.place, instance):
            raise PermissionDenied(_("Only whoever added it, or a coordinator, may remove it."))
        services.asset_remove(place=self.place, actor=self.request.user, asset=instance)


class CoverageViewSet(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    """The coverage analysis: need against provision per area and theme, gaps and overlaps, with
    the rules that flagged them."""

    model = Service
    pagination_class = None
    filter_backends = []
    place_actions = {"list": "view_mapping_analysis"}

    @extend_schema(responses={200: CoverageSerializer}, operation_id="coverage")
    def list(self, request, *args, **kwargs):
        # The stored analysis (mapping/snapshots.py) as a file built once per analysis
        # (mapping/export_files.py): a county's thousands of overlaps are not read, parsed or
        # written again on each request.
        return serve_export(request, self.place, export_files.COVERAGE.key)


class AreaOutlineViewSet(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    """The place's area outlines as one GeoJSON FeatureCollection (public, as on the maps): each
    area with an outline is a Feature whose id is the area's slug."""

    model = AreaOutline
    pagination_class = None
    filter_backends = []
    place_actions = {"list": PUBLIC}

    @extend_schema(
        responses={200: AreaOutlineCollectionSerializer},
        operation_id="area_outlines",
        examples=[
            OpenApiExample(
                "Buckinghamshire",
                summary=_("One community board area's simplified outline"),
                value={
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "id": "high-wycombe",
                            "properties": {
                                "area": "high-wycombe",
                                "name": "High Wycombe",
                                "updated_at": "2026-11-25T09:30:00Z",
                            },
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [
                                    [
                                        [-0.78, 51.6],
                                        [-0.72, 51.6],
                                        [-0.72, 51.65],
                                        [-0.78, 51.65],
                                        [-0.78, 51.6],
                                    ]
                                ],
                            },
                        }
                    ],
                },
                response_only=True,
            )
        ],
    )
    def list(self, request, *args, **kwargs):
        return Response(
            AreaOutlineCollectionSerializer(selectors.area_outline_collection(self.place)).data
        )


# Open Referral UK / HSDS 3.0


def _hsds_example(value):
    return OpenApiExample(
        "Buckinghamshire", summary=_("From the demo data"), value=value, response_only=True
    )


class HsdsPagination(PageNumberPagination):
    """The specification's Page: total_items, total_pages, page_number, size, first_page,
    last_page, empty and contents; ``page`` and ``per_page`` choose it."""

    page_size = 50
    page_size_query_param = "per_page"
    max_page_size = 500

    def get_paginated_response(self, data):
        page = self.page
        total = page.paginator.count
        return Response(
            {
                "total_items": total,
                "total_pages": max(1, math.ceil(total / page.paginator.per_page)),
                "page_number": page.number,
                "size": len(data),
                "first_page": not page.has_previous(),
                "last_page": not page.has_next(),
                "empty": not data,
                "contents": data,
            }
        )


class _ListPaginator:
    """Paginates a plain list with HsdsPagination (for vocabularies built in Python)."""

    def paginated(self, items):
        paginator = HsdsPagination()
        page = paginator.paginate_queryset(items, self.request, view=self)
        return paginator.get_paginated_response(page)


# Documented with their ranges: page 0 is not a page (a 404, as past the last one).
_HSDS_LIST = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1; past the last page is a 404.",
    ),
    OpenApiParameter(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": HsdsPagination.max_page_size},
        description="Items per page, 1 to 500 (default 50).",
    ),
]


_HSDS_SEARCH = OpenApiParameter("search", OpenApiTypes.STR, description="Full text search.")
_HSDS_SERVICE_FILTERS = [
    _HSDS_SEARCH,
    OpenApiParameter("taxonomy_term_id", OpenApiTypes.STR, description="Services with this term."),
    OpenApiParameter(
        "taxonomy_id", OpenApiTypes.STR, description="Services with any term of this taxonomy."
    ),
    OpenApiParameter(
        "organization_id", OpenApiTypes.STR, description="Services this organization provides."
    ),
    OpenApiParameter(
        "modified_after",
        OpenApiTypes.DATETIME,
        description="Services modified on or after this date and time (ISO 8601).",
    ),
]


class HsdsRootViewSet(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    """About this place's HSDS API."""

    model = Service
    pagination_class = None
    filter_backends = []
    place_actions = {"list": PUBLIC}

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        examples=[_hsds_example(hsds_examples.ROOT)],
        tags=["hsds"],
        operation_id="hsds_root",
    )
    def list(self, request, *args, **kwargs):
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": "https://openreferral.org/uk",
                "openapi_url": request.build_absolute_uri("/api/schema/?format=json"),
            }
        )


class HsdsServiceViewSet(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    """Services as HSDS 3.0: the list has one-to-one fields; one service is fully nested."""

    model = Service
    pagination_class = HsdsPagination
    filter_backends = []
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    place_actions = {"list": PUBLIC, "retrieve": PUBLIC}

    def get_place_queryset(self, place):
        return selectors.services_in_place(place)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=_HSDS_LIST + _HSDS_SERVICE_FILTERS,
        examples=[_hsds_example(hsds_examples.SERVICE_PAGE)],
        tags=["hsds"],
        operation_id="hsds_services_list",
    )
    def list(self, request, *args, **kwargs):
        services_qs = hsds.filter_services(self.place, self.get_queryset(), request.query_params)
        page = self.paginate_queryset(services_qs)
        return self.get_paginated_response([hsds.service_summary(s) for s in page])

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        examples=[_hsds_example(hsds_examples.SERVICE)],
        tags=["hsds"],
        operation_id="hsds_services_retrieve",
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(hsds.service_detail(self.place, self.get_object()))


class HsdsOrganizationViewSet(PlaceScopedViewSetMixin, _ListPaginator, viewsets.GenericViewSet):
    """Organisations working in the place, as HSDS 3.0 organizations."""

    model = Service
    pagination_class = HsdsPagination
    filter_backends = []
    place_actions = {"list": PUBLIC}

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=[*_HSDS_LIST, _HSDS_SEARCH],
        examples=[_hsds_example(hsds_examples.ORGANIZATION_PAGE)],
        tags=["hsds"],
        operation_id="hsds_organizations_list",
    )
    def list(self, request, *args, **kwargs):
        organisations = organisations_in_place(self.place).order_by("name", "pk")
        search = request.query_params.get("search", "").strip()
        if search:
            organisations = organisations.filter(name__icontains=search)
        page = self.paginate_queryset(organisations)
        return self.get_paginated_response([hsds.organisation(o) for o in page])


class HsdsTaxonomyViewSet(PlaceScopedViewSetMixin, _ListPaginator, viewsets.GenericViewSet):
    """The place's two vocabularies (themes, communities) as HSDS taxonomies."""

    model = Service
    pagination_class = None
    filter_backends = []
    place_actions = {"list": PUBLIC}

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=[*_HSDS_LIST, _HSDS_SEARCH],
        examples=[_hsds_example(hsds_examples.TAXONOMY_PAGE)],
        tags=["hsds"],
        operation_id="hsds_taxonomies_list",
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(hsds.search(hsds.taxonomies(self.place), request.query_params))


class HsdsTaxonomyTermViewSet(PlaceScopedViewSetMixin, _ListPaginator, viewsets.GenericViewSet):
    """Every theme and community of the place as HSDS taxonomy terms."""

    model = Service
    pagination_class = None
    filter_backends = []
    place_actions = {"list": PUBLIC}

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        parameters=[
            *_HSDS_LIST,
            _HSDS_SEARCH,
            OpenApiParameter(
                "taxonomy_id", OpenApiTypes.STR, description="Terms of this taxonomy."
            ),
        ],
        examples=[_hsds_example(hsds_examples.TAXONOMY_TERM_PAGE)],
        tags=["hsds"],
        operation_id="hsds_taxonomy_terms_list",
    )
    def list(self, request, *args, **kwargs):
        terms = [hsds.theme_term(self.place, t) for t in vocabularies.themes_for_place(self.place)]
        terms += [
            hsds.community_term(self.place, c)
            for c in vocabularies.communities_for_place(self.place)
        ]
        taxonomy = request.query_params.get("taxonomy_id")
        if taxonomy:
            terms = [t for t in terms if t["taxonomy_id"] == taxonomy]
        return self.paginated(hsds.search(terms, request.query_params))
