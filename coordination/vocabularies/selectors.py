"""The themes and communities one place sees: the shared rows and its own additions, never another
place's additions."""

from django.db.models import Q

from coordination.organisations.models import Community
from coordination.places.tenancy import scopes_disabled

from .models import CommunityAddition, Theme


def themes_for_place(place):
    return Theme.objects.for_place(place).order_by("name")


def communities_for_place(place):
    """The registry's shared communities and this place's own additions (not other places')."""
    with scopes_disabled():
        # Which communities some place added: a question about every place, asked on purpose.
        added_anywhere = CommunityAddition.objects.values("community_id")
    added_here = CommunityAddition.objects.for_place(place).values("community_id")
    return Community.objects.filter(~Q(pk__in=added_anywhere) | Q(pk__in=added_here)).order_by(
        "name"
    )
