"""Reads of places and areas."""

from django.utils.translation import gettext as _

from .models import Area, Place


def get_active_place(slug):
    return Place.objects.filter(slug=slug, is_active=True).first()


def active_places():
    return Place.objects.filter(is_active=True).order_by("name")


def places_to_work_through(place_ids=None):
    """The active places a periodic task works through, in a stable order (optionally only some)."""
    places = Place.objects.filter(is_active=True).order_by("pk")
    if place_ids is not None:
        places = places.filter(pk__in=place_ids)
    return list(places)


def areas_for_place(place):
    return Area.objects.for_place(place).select_related("parent").order_by("kind", "name")


def get_area_for_place(place, slug):
    return Area.objects.for_place(place).filter(slug=slug).select_related("parent").first()


def place_home_summary(place, user, roles):
    """What the place's home page shows a person, by the roles they hold here."""
    from django.db.models import Count

    from coordination.accounts.models import Invitation, Membership, Role
    from coordination.audit.selectors import audit_trail
    from coordination.organisations.models import OrganisationKind
    from coordination.organisations.selectors import organisations_in_place

    organisations = organisations_in_place(place)
    summary = {
        "area_count": Area.objects.for_place(place).count(),
        "organisation_count": organisations.count(),
    }
    if user.is_authenticated:
        summary["my_memberships"] = list(
            Membership.objects.for_place(place).filter(user=user).select_related("organisation")
        )
    if Role.PLACE_ADMIN in roles or Role.COUNCIL_OFFICER in roles:
        summary["members_by_role"] = [
            (Role(row["role"]).label, row["n"])
            for row in Membership.objects.for_place(place)
            .values("role")
            .annotate(n=Count("id"))
            .order_by("role")
        ]
    if Role.PLACE_ADMIN in roles:
        summary["pending_invitations"] = Invitation.objects.for_place(place).pending().count()
        summary["recent_audit"] = list(audit_trail(place)[:5])
    if Role.FUNDER in roles:
        summary["funders"] = list(organisations.filter(kind=OrganisationKind.FUNDER)[:10])
    if Role.CHARITY_LEADER in roles or Role.COUNCIL_OFFICER in roles:
        summary["vcse_count"] = organisations.filter(kind__in=OrganisationKind.vcse()).count()
    if Role.PARTNER in roles:
        summary["partners"] = list(
            organisations.filter(kind__in=[OrganisationKind.HEALTH, OrganisationKind.BUSINESS])[:10]
        )
    if Role.RESIDENT in roles or not roles:
        summary["community_areas"] = list(
            Area.objects.for_place(place)
            .filter(kind__in=["community_board_area", "ward"])
            .order_by("name")
        )
    return summary


def no_place_message(slug):
    """What an address under an unknown (or inactive) place answers."""
    return _("There is no place called %(slug)s.") % {"slug": slug}
