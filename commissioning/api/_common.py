"""What the commissioning viewsets share: their base, the filter by tender, and who reads a
tender's co-design.
"""

import django_filters
from django.db.models import Q
from rest_framework import viewsets

from coordination.api.filters import IdFilter
from coordination.api.mixins import PlaceScopedViewSetMixin

from ..permissions import acting_organisation_ids, councils_run_by


class ViewSetBase(PlaceScopedViewSetMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"


def co_design_visible(user, place):
    """Tenders whose co-design this person may read: published, theirs to run, or their group's."""
    return (
        Q(co_design_published_at__isnull=False)
        | Q(commissioner__in=councils_run_by(user, place))
        | Q(co_design_members__organisation_id__in=acting_organisation_ids(user, place))
    )


class ByTenderFilter(django_filters.FilterSet):
    tender = IdFilter(field_name="tender_id", label="Id of a tender")
