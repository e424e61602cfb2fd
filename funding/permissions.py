"""Whose programmes and bids a person acts on, built on coordination.accounts.permissions.

RULES says which roles may manage programmes, decide bids or apply; this module adds the other half:
a funder acts only on its own organisation's programmes, a charity leader only for their own
organisation's bids.
"""

from boards.permissions import can_manage_board
from boards.selectors import boards_run_by
from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import can


def _organisation_ids(user, place, roles=None):
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_inplace_funding_orgs", {})
    key = (place.pk, tuple(sorted(roles)) if roles else None)
    if key not in cache:
        memberships = Membership.objects.for_place(place).filter(
            user=user, organisation__isnull=False
        )
        if roles:
            memberships = memberships.filter(role__in=roles)
        cache[key] = frozenset(memberships.order_by().values_list("organisation_id", flat=True))
    return cache[key]


def funder_ids(user, place):
    """The funders this person acts for here (as a member in the funder role)."""
    return _organisation_ids(user, place, (Role.FUNDER,))


def applicant_ids(user, place):
    """The organisations this person may bid for here (as their charity leader)."""
    return _organisation_ids(user, place, (Role.CHARITY_LEADER,))


def member_organisation_ids(user, place):
    """Every organisation this person belongs to here, in any role (for reading bids)."""
    return _organisation_ids(user, place)


def can_manage_programme(user, place, programme):
    if programme.board_id:  # a board's fund: changed through the fund, by those who run the board
        return False
    return can(user, place, "manage_programmes") and programme.funder_id in funder_ids(user, place)


def can_decide_bid(user, place, bid):
    if bid.programme.board_id:  # a board's fund: decided by the board at a meeting
        return False
    return can(user, place, "decide_bids") and bid.programme.funder_id in funder_ids(user, place)


def can_run_fund(user, fund):
    """Set up and change a board's fund, put applications on agendas, decide, pay, withdraw."""
    return can_manage_board(user, fund.board)


def runs_a_board(user, place):
    """Whether this person may set up a board's fund here: a coordinator, or an officer of a
    board."""
    return can(user, place, "manage_boards") or boards_run_by(place, user).exists()


def can_act_as_applicant(user, place, bid):
    return can(user, place, "apply_for_funding") and bid.applicant_id in applicant_ids(user, place)


def is_programme_funder_member(user, place, bid):
    return bid.programme.funder_id in member_organisation_ids(user, place)
