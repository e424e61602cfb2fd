"""Reads of people's memberships."""

from django.db.models import Q

from coordination.places.tenancy import scopes_disabled
from coordination.text_limits import filter_text

from .models import Invitation, Membership, Role


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


def places_of(user):
    """[(place, [this person's memberships there])] for every active place the person belongs to,
    by place name. A membership that has ended is gone, so its place is not here."""
    places = {}
    for membership in memberships_of(user):
        places.setdefault(membership.place_id, (membership.place, []))[1].append(membership)
    return list(places.values())


# The roles that speak for an organisation: its leaders and its health or business partners (a
# resident or a funder on its roll does not act for it).
ACTING_ROLES = (Role.CHARITY_LEADER, Role.PARTNER)


def people_acting_for(place, organisation_ids, *, roles=ACTING_ROLES):
    """{organisation id: [people with one of these roles for it here]}, each once, by user id.

    `roles=None` counts every membership of the organisation in the place.
    """
    memberships = (
        Membership.objects.for_place(place)
        .filter(organisation_id__in=organisation_ids)
        .select_related("user")
        .order_by("user_id")
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    people = {}
    for membership in memberships:
        found = people.setdefault(membership.organisation_id, [])
        if not found or found[-1].pk != membership.user_id:
            found.append(membership.user)
    return people


def people_of_organisation(place, organisation_id, *, roles=ACTING_ROLES):
    """The people with one of these roles for one organisation here, each once, by user id."""
    return people_acting_for(place, [organisation_id], roles=roles).get(organisation_id, [])


def members_of_place(place, *, role="", text=""):
    """The place's memberships for its members page, by name: only those with ``role`` (one of
    Role's values) and, with ``text``, those whose name or email address contains it."""
    memberships = Membership.objects.for_place(place).select_related("user", "organisation")
    if role:
        memberships = memberships.filter(role=role)
    text = filter_text(text)
    if text:
        memberships = memberships.filter(
            Q(user__name__icontains=text) | Q(user__email__icontains=text)
        )
    return memberships.only(
        "place_id",
        "role",
        "user__name",
        "user__email",
        "user__contact_email",
        "user__phone",
        "user__reach_note",
        "user__closed_at",
        "organisation__name",
    ).order_by("user__name", "user__email", "role", "pk")


def pending_invitations(place):
    """Invitations to the place not yet accepted and not run out, newest first."""
    return (
        Invitation.objects.for_place(place)
        .pending()
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
