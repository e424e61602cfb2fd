"""API: the organisations working in a place. Anyone may read; coordinators add and edit."""

import django_filters
from django.db.models import Q
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC
from coordination.api.rows import RowReads
from coordination.api.slug_lists import SlugList, with_slug_lists
from coordination.places.models import Area
from coordination.vocabularies.selectors import communities_for_place

from . import services
from .answers import ORGANISATION_ROWS, organisation_answers
from .document_api import DocumentsActionMixin, OrganisationDocumentUploadSerializer
from .models import IncomeBand, Organisation, OrganisationKind
from .selectors import organisations_in_place
from .serializers import OrganisationSerializer


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    income_band = django_filters.ChoiceFilter(choices=[c for c in IncomeBand.choices if c[0]])
    q = django_filters.CharFilter(
        method="search", label="Search names and descriptions", max_length=100
    )
    area = django_filters.CharFilter(
        method="in_area", label="Slug of an area of this place it works in"
    )

    class Meta:
        model = Organisation
        fields = ["kind", "income_band"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def in_area(self, queryset, name, value):
        # The view's queryset is already this place's; the area must be one of its areas too.
        place = self.request.place
        return queryset.filter(areas__slug=value, areas__place=place).distinct()


class OrganisationViewSet(
    DocumentsActionMixin,
    RowReads,
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Charities, community groups, councils, health, businesses and funders working in a place.

    Adding an organisation here makes it work in this place; editing its areas changes only its
    areas in this place.
    """

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "kind", "created_at", "updated_at"]
    ordering = ["name"]
    lookup_value_converter = "int"
    place_actions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "create": "manage_organisations",
        "update": "manage_organisations",
        "partial_update": "manage_organisations",
        "documents": "view_place_home",
    }

    def get_place_queryset(self, place):
        return with_slug_lists(
            organisations_in_place(place),
            areas=SlugList(Area.objects.for_place(place), "organisations"),
            communities=SlugList(communities_for_place(place), "organisations"),
        )

    row_fields = ORGANISATION_ROWS

    def answers(self, rows):
        return organisation_answers(rows, self.address_of("api:organisation-detail"))

    def perform_create(self, serializer):
        organisation = services.organisation_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reread(organisation)

    def perform_update(self, serializer):
        organisation = Organisation.objects.get(pk=serializer.instance.pk)
        data = serializer.validated_data
        services.organisation_update(
            place=self.place,
            actor=self.request.user,
            organisation=organisation,
            areas=data.pop("areas", None),
            communities=data.pop("communities", None),
            **data,
        )
        serializer.instance = self.reread(organisation)

    documents = action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
        filter_backends=[],
        serializer_class=OrganisationDocumentUploadSerializer,
    )(DocumentsActionMixin.documents)
