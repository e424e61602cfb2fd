"""Reads of places and areas."""

import time

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Area, Place

# slug -> (monotonic time it goes stale, the place's field values). Every request under a place
# looks its place up; a place changes rarely, so each process keeps what it read for
# PLACE_CACHE_SECONDS. Saving or deleting a place empties this process's copy at once
# (forget_places, connected in PlacesConfig.ready); other processes see it within the seconds.
_recent_places = {}


def get_active_place(slug):
    """The active place with this slug, or None. A new instance on every call: callers may
    change it (a settings form does) without touching anyone else's."""
    seconds = settings.PLACE_CACHE_SECONDS
    now = time.monotonic()
    hit = _recent_places.get(slug)
    if hit is not None and hit[0] > now:
        return Place.from_db("default", _PLACE_FIELDS, hit[1])
    place = Place.objects.filter(slug=slug, is_active=True).first()
    if place is not None and seconds > 0:
        _recent_places[slug] = (now + seconds, [getattr(place, f) for f in _PLACE_FIELDS])
    return place


_PLACE_FIELDS = [field.attname for field in Place._meta.concrete_fields]


# (monotonic time it goes stale, {place id: slug}) of every place, for links to a place's rows.
_slugs = [0.0, {}]


def place_slug(place_id):
    """The slug of the place with this id, for a row's link, without a query per row: every
    place's slug is read at once and kept for PLACE_CACHE_SECONDS, like get_active_place."""
    now = time.monotonic()
    stale_at, slugs = _slugs
    if stale_at <= now or place_id not in slugs:
        slugs = dict(Place.objects.values_list("pk", "slug"))
        _slugs[:] = [now + settings.PLACE_CACHE_SECONDS, slugs]
    return slugs[place_id]


def forget_places(**kwargs):
    _recent_places.clear()
    _slugs[:] = [0.0, {}]


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
    from django.db.models import Count, Q

    from coordination.accounts.models import Invitation, Membership, Role
    from coordination.audit.selectors import audit_trail
    from coordination.organisations.models import Organisation, OrganisationKind
    from coordination.organisations.selectors import organisations_in_place

    organisations = organisations_in_place(place)
    # The counts in one read; the lists are names with links, so only those columns.
    counts = Organisation.objects.filter(places=place).aggregate(
        all=Count("pk"), vcse=Count("pk", filter=Q(kind__in=OrganisationKind.vcse()))
    )
    named = organisations.prefetch_related(None).only("pk", "name")
    summary = {
        "area_count": Area.objects.for_place(place).count(),
        "organisation_count": counts["all"],
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
        summary["funders"] = list(named.filter(kind=OrganisationKind.FUNDER)[:10])
    if Role.CHARITY_LEADER in roles or Role.COUNCIL_OFFICER in roles:
        summary["vcse_count"] = counts["vcse"]
    if Role.PARTNER in roles:
        summary["partners"] = list(
            named.filter(kind__in=[OrganisationKind.HEALTH, OrganisationKind.BUSINESS])[:10]
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
