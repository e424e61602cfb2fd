"""Who may do what with one tender, on top of accounts.permissions' "what may this person do here".

A council officer runs the tenders of the council they are a member for; a place admin runs any.
Charity leaders and partners act for the organisations their memberships name.
"""

from django.db.models import Q

from coordination.accounts.models import Membership, Role
from coordination.accounts.permissions import can, roles_in
from coordination.accounts.selectors import ACTING_ROLES
from coordination.organisations.models import Organisation, OrganisationKind


def _membership_organisation_ids(user, place, roles):
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_commissioning_orgs", {})
    key = (place.pk, tuple(sorted(roles)))
    if key not in cache:
        cache[key] = set(
            Membership.objects.for_place(place)
            .filter(user=user, role__in=roles, organisation__isnull=False)
            .values_list("organisation_id", flat=True)
        )
    return cache[key]


def councils_run_by(user, place):
    """The councils whose tenders this person may run here (every council here for an admin)."""
    if not can(user, place, "run_tenders"):
        return Organisation.objects.none()
    councils = Organisation.objects.filter(places=place, kind=OrganisationKind.COUNCIL)
    if Role.PLACE_ADMIN in roles_in(user, place):
        return councils.order_by("name")
    ids = _membership_organisation_ids(user, place, (Role.COUNCIL_OFFICER,))
    return councils.filter(pk__in=ids).order_by("name")


def can_run_tender(user, place, tender):
    if not can(user, place, "run_tenders"):
        return False
    if Role.PLACE_ADMIN in roles_in(user, place):
        return True
    return tender.commissioner_id in _membership_organisation_ids(
        user, place, (Role.COUNCIL_OFFICER,)
    )


def tenders_run_q(user, place, prefix=""):
    """``can_run_tender`` as a filter on tenders (``prefix="tender__"`` from a related row): every
    tender here for a place admin, their councils' for an officer, none for anyone else."""
    if not can(user, place, "run_tenders"):
        return Q(**{f"{prefix}pk__in": []})
    if Role.PLACE_ADMIN in roles_in(user, place):
        return Q()
    ids = _membership_organisation_ids(user, place, (Role.COUNCIL_OFFICER,))
    return Q(**{f"{prefix}commissioner_id__in": ids})


def acting_organisation_ids(user, place):
    """The organisations this person takes part for (as a charity leader or partner)."""
    if not can(user, place, "take_part_in_tenders"):
        return set()
    return _membership_organisation_ids(user, place, ACTING_ROLES)


def acting_organisations(user, place):
    return Organisation.objects.filter(
        pk__in=acting_organisation_ids(user, place), places=place
    ).order_by("name")


def can_act_for(user, place, organisation):
    return organisation is not None and organisation.pk in acting_organisation_ids(user, place)
