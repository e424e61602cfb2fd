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
    # boards: set up boards and seats; see every board, private ones too; propose ideas, register
    "manage_boards": STAFF,
    "view_all_boards": frozenset({Role.PLACE_ADMIN}),
    "take_part_in_boards": ALL_MEMBERS,
    # mapping: services (charity leaders their own organisation's), needs, assets, gap analysis
    "add_services": frozenset({Role.PLACE_ADMIN, Role.COUNCIL_OFFICER, Role.CHARITY_LEADER}),
    "manage_all_services": STAFF,
    "submit_needs": frozenset(
        {Role.PLACE_ADMIN, Role.COUNCIL_OFFICER, Role.CHARITY_LEADER, Role.PARTNER}
    ),
    "view_needs": ALL_MEMBERS - {Role.RESIDENT},
    "view_mapping_analysis": ALL_MEMBERS - {Role.RESIDENT},
    "add_assets": ALL_MEMBERS,
    "manage_all_assets": STAFF,
    "manage_vocabulary": frozenset({Role.PLACE_ADMIN}),
    "import_mapping_data": frozenset({Role.PLACE_ADMIN, Role.COUNCIL_OFFICER, Role.CHARITY_LEADER}),
    # funding: funders run their own organisation's programmes and decide its bids; charity leaders
    # bid for their own organisation (funding/permissions.py checks whose organisation it is)
    "manage_programmes": frozenset({Role.FUNDER}),
    "decide_bids": frozenset({Role.FUNDER}),
    "apply_for_funding": frozenset({Role.CHARITY_LEADER}),
    "coordinate_funding": frozenset({Role.FUNDER}),
    # the thresholds of the published figures: short-term funding, funding against demand
    "set_measures": frozenset({Role.PLACE_ADMIN}),
    # commissioning: council officers run their own council's tenders (place admins any); charity
    # leaders and partners take part for their organisation (commissioning/permissions.py checks whose)
    "run_tenders": STAFF,
    # practice: place admins and council officers write, edit and publish what worked here
    "write_practice_notes": STAFF,
    "take_part_in_tenders": frozenset({Role.CHARITY_LEADER, Role.PARTNER}),
    # statements: the place's privacy notice, terms, cookie and accessibility statements
    "manage_statements": frozenset({Role.PLACE_ADMIN}),
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
            .order_by()  # a set: no need for the memberships' order (and its join of users)
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
