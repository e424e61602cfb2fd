"""Locally embedded organisations, whom a tender's invitations suggest, marked and ranked first.

An organisation is locally embedded for a tender when all four hold:

- it is of a voluntary, community or social enterprise kind (registered charity, CIO, CIC,
  community group), never a council, NHS or health body, business or funder;
- its registered office postcode is in the place (one of ``Place.postcode_districts``);
- it works in at least one of the tender's areas (a tender with no areas is for the whole place:
  working in the place is enough);
- it is small: its income is under £1 million, or, with its income not known, it has fewer than
  50 paid staff.

Everyone else working here can still be invited, but only when an officer looks for them by name
and chooses them (``invitation_search``).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from coordination.organisations.models import IncomeBand, Organisation, OrganisationKind
from coordination.places.models import Area

from .engagement import invitable_organisations

SMALL_INCOME_BANDS = (IncomeBand.UNDER_10K, IncomeBand.FROM_10K, IncomeBand.FROM_100K)
SMALL_STAFF = 50  # fewer paid staff than this (full-time equivalents) is small


@dataclass
class Suggestion:
    """An organisation to invite: why it is locally embedded, and its mapped services that match
    the tender's themes (and areas)."""

    organisation: Organisation
    reasons: list = field(default_factory=list)
    services: list = field(default_factory=list)


def size_reason(organisation):
    """Why the organisation counts as small, or None when it does not (or nobody said)."""
    if organisation.income_band in SMALL_INCOME_BANDS:
        return _("Income %(band)s") % {"band": organisation.get_income_band_display().lower()}
    if not organisation.income_band and organisation.staff_count is not None:
        if organisation.staff_count < SMALL_STAFF:
            return _("%(n)d paid staff") % {"n": organisation.staff_count}
    return None


def embedded_reasons(organisation, place, tender_area_names, organisation_area_names):
    """The reasons the organisation is locally embedded for the tender, or None when it is not.

    ``tender_area_names``: {area id: name} the tender is for (empty: the whole place);
    ``organisation_area_names``: {area id: name} of the organisation's areas here. The
    organisation works in the place (every candidate does)."""
    if organisation.kind not in OrganisationKind.vcse():
        return None
    if not place.covers_postcode(organisation.registered_postcode):
        return None
    if tender_area_names:
        shared = sorted(
            name for pk, name in organisation_area_names.items() if pk in tender_area_names
        )
        if not shared:
            return None
        works_in = _("Works in %(areas)s") % {"areas": ", ".join(shared)}
    elif organisation_area_names:
        works_in = _("Works in %(areas)s") % {
            "areas": ", ".join(sorted(organisation_area_names.values()))
        }
    else:
        works_in = _("Works across %(place)s") % {"place": place.name}
    size = size_reason(organisation)
    if size is None:
        return None
    return [
        organisation.get_kind_display(),
        _("Registered office in %(place)s (%(postcode)s)")
        % {"place": place.name, "postcode": organisation.registered_postcode},
        works_in,
        size,
    ]


def _tender_areas(place, tender):
    return dict(Area.objects.for_place(place).filter(tenders=tender).values_list("pk", "name"))


def _areas_of(place, organisation_ids):
    through = Organisation.areas.through
    found = {}
    links = through.objects.filter(
        organisation_id__in=organisation_ids, area__place=place
    ).values_list("organisation_id", "area_id", "area__name")
    for organisation_id, area_id, name in links:
        found.setdefault(organisation_id, {})[area_id] = name
    return found


def _matching_services(place, tender, area_ids):
    """{organisation id: [services]} of mapped services matching the tender's themes and areas."""
    from mapping.selectors import services_in_place

    theme_ids = [t.pk for t in tender.themes.all()]
    if not theme_ids:
        return {}
    services = services_in_place(place, include_closed=False).filter(themes__in=theme_ids)
    if area_ids:
        services = services.filter(Q(whole_place=True) | Q(areas__in=area_ids))
    found = {}
    for service in services.distinct():
        found.setdefault(service.organisation_id, []).append(service)
    return found


def suggested_organisations(place, tender):
    """The locally embedded organisations that could be invited (not councils, not invited
    already), each with its reasons, ranked: those whose mapped services match the
    tender's themes first, then those working in more of its areas, then by name."""
    candidates = list(invitable_organisations(place, tender))
    tender_areas = _tender_areas(place, tender)
    areas_of = _areas_of(place, [o.pk for o in candidates])
    services = _matching_services(place, tender, list(tender_areas))
    found = []
    for organisation in candidates:
        reasons = embedded_reasons(
            organisation, place, tender_areas, areas_of.get(organisation.pk, {})
        )
        if reasons is None:
            continue
        matching = services.get(organisation.pk, [])
        if matching:
            reasons.append(
                _("Runs %(services)s") % {"services": ", ".join(s.name for s in matching)}
            )
        found.append(Suggestion(organisation=organisation, reasons=reasons, services=matching))
    shared = {
        s.organisation.pk: len(set(areas_of.get(s.organisation.pk, {})) & set(tender_areas))
        for s in found
    }
    return sorted(
        found,
        key=lambda s: (not s.services, -shared[s.organisation.pk], s.organisation.name.lower()),
    )


def invitation_search(place, tender, query, *, exclude=()):
    """Organisations that could be invited whose name contains ``query`` (an officer looking for
    one that is not suggested, to choose it on purpose); nothing for a query under 2 letters."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    candidates = invitable_organisations(place, tender)
    return list(candidates.filter(name__icontains=query).exclude(pk__in=exclude)[:20])
