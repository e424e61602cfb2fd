"""Reads of the organisation registry, as seen from one place."""

from django.db.models import Prefetch

from .models import Community, Organisation

# The app that lets a place add communities of its own registers how to narrow the shared list;
# core never imports it (apps depend on core, not the other way round).
_communities_for_place = None


def register_communities_for_place(func):
    """Install func(place) -> Community queryset as the list a place sees."""
    global _communities_for_place
    _communities_for_place = func


def communities_for_place(place):
    """The shared communities and this place's own additions; never another place's additions."""
    if _communities_for_place is None:
        return Community.objects.order_by("name")
    return _communities_for_place(place)


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
