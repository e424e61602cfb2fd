"""What may this person do in this place: the one module that answers it, from their memberships."""

from .models import Membership, Role

ALL_MEMBERS = frozenset(Role)
STAFF = frozenset({Role.PLACE_ADMIN, Role.COUNCIL_OFFICER})

# action -> roles that may take it in a place
RULES = {
    "view_place_home": ALL_MEMBERS,
    "view_members": frozenset({Role.PLACE_ADMIN, Role.COUNCIL_OFFICER}),
    "manage_members": frozenset({Role.PLACE_ADMIN}),
    "invite_members": frozenset({Role.PLACE_ADMIN}),
    "view_audit": frozenset({Role.PLACE_ADMIN}),
    "manage_organisations": frozenset({Role.PLACE_ADMIN, Role.COUNCIL_OFFICER}),
    "manage_areas": frozenset({Role.PLACE_ADMIN}),
    # notifications: the outbox (with its retry action) and the digest any member would get now
    "view_outbox": frozenset({Role.PLACE_ADMIN}),
    "preview_digest": frozenset({Role.PLACE_ADMIN}),
    # the partner API keys of the place (coordination/api)
    "manage_api_keys": frozenset({Role.PLACE_ADMIN}),
    "manage_webhooks": frozenset({Role.PLACE_ADMIN}),
}


def roles_in(user, place):
    """The roles a person holds in a place (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or place is None:
        return frozenset()
    cache = user.__dict__.setdefault("_inplace_roles", {})
    if place.pk not in cache:
        cache[place.pk] = frozenset(
            Role(r)
            for r in Membership.objects.for_place(place)
            .filter(user=user)
            .values_list("role", flat=True)
        )
    return cache[place.pk]


def forget_roles(user):
    user.__dict__.pop("_inplace_roles", None)


def is_member(user, place):
    return bool(roles_in(user, place))


def can(user, place, action):
    if action not in RULES:
        raise KeyError(f"Unknown action {action!r}: add it to RULES")
    return bool(roles_in(user, place) & RULES[action])
