"""Reads of people's memberships."""

from coordination.places.tenancy import scopes_disabled

from .models import Membership


def memberships_of(user):
    """A person's own memberships in every active place, by place name then role.

    A person's memberships span places by nature; selecting by the person keeps the rows theirs,
    so this is the one read of memberships outside a place scope.
    """
    if user is None or not user.is_authenticated:
        return []
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, place__is_active=True)
            .select_related("place", "organisation")
            .order_by("place__name", "role")
        )
