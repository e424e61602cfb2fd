"""Reads of the organisation registry, as seen from one place."""

from django.db.models import Prefetch

from coordination.vocabularies.selectors import communities_for_place

from .models import Organisation


def organisations_in_place(place, *, kind=None, search=None):
    qs = Organisation.objects.filter(places=place).prefetch_related(
        Prefetch("communities", queryset=communities_for_place(place))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("name")


def get_organisation_in_place(place, pk):
    return organisations_in_place(place).filter(pk=pk).first()
