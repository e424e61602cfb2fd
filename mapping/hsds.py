"""Open Referral UK / HSDS 3.0: a place's services, organisations and vocabularies in that shape.

Identifiers are UUIDs as the specification requires: a service's own, and for things InPlace keys
by number (organisations, communities, areas, links) a UUID derived from a fixed namespace, so the
same thing has the same identifier in every response.
"""

import uuid
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from coordination.organisations.selectors import organisations_in_place
from coordination.vocabularies.selectors import communities_for_place

from .models import BYDAY, ServiceStatus

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferral.org/specification/3.0/"
NAMESPACE = uuid.UUID("6f1c2c1e-6c55-4d0a-9a8e-3b1f7a1f1c00")

STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.PAUSED: "temporarily closed",
    ServiceStatus.CLOSED: "defunct",
}


def derived_id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _compact(data):
    """Leave out what is empty: the specification's optional strings may not be null."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


# Taxonomies: InPlace's two vocabularies


def themes_taxonomy_id(place):
    return derived_id("taxonomy", "themes", place.pk)


def communities_taxonomy_id(place):
    return derived_id("taxonomy", "communities", place.pk)


def taxonomies(place):
    return [
        {
            "id": themes_taxonomy_id(place),
            "name": _("InPlace themes"),
            "description": _("Themes of need and provision in %(place)s.") % {"place": place.name},
            "version": "1",
        },
        {
            "id": communities_taxonomy_id(place),
            "name": _("InPlace communities served"),
            "description": _("Communities a service is designed for or especially serves."),
            "version": "1",
        },
    ]


def theme_term(place, theme):
    return {
        "id": str(theme.uuid),
        "code": theme.slug,
        "name": theme.name,
        "description": theme.name,
        "taxonomy_id": themes_taxonomy_id(place),
    }


def community_term(place, community):
    return {
        "id": derived_id("community", community.pk),
        "code": community.slug,
        "name": community.name,
        "description": community.name,
        "taxonomy_id": communities_taxonomy_id(place),
    }


# Organisations


def organisation_id(organisation):
    return derived_id("organisation", organisation.pk)


def organisation(org):
    return _compact(
        {
            "id": organisation_id(org),
            "name": org.name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "tax_id": org.org_id,
        }
    )


# Services


def service_summary(service):
    """A service as /services lists it (service_list.json: one-to-one fields only)."""
    return _compact(
        {
            "id": str(service.uuid),
            "organization_id": organisation_id(service.organisation),
            "name": service.name,
            "description": service.description,
            "url": service.website,
            "email": service.contact_email,
            "status": STATUS[service.status],
            "eligibility_description": service.eligibility,
            "assured_date": service.last_verified.isoformat() if service.last_verified else None,
            "last_modified": service.updated_at.isoformat(),
        }
    )


def _attribute(service, term):
    return {
        "id": derived_id("attribute", service.uuid, term["id"]),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_detail(place, service):
    """A fully nested service (compiled service.json), as /services/{id} returns it."""
    data = service_summary(service)
    terms = [theme_term(place, t) for t in service.themes.all()] + [
        community_term(place, c) for c in service.communities.all()
    ]
    if service.whole_place:
        areas = [
            {
                "id": derived_id("service_area", service.uuid, "place"),
                "service_id": str(service.uuid),
                "name": place.name,
                "description": _("All of %(place)s") % {"place": place.name},
            }
        ]
    else:
        areas = [
            _compact(
                {
                    "id": derived_id("service_area", service.uuid, area.pk),
                    "service_id": str(service.uuid),
                    "name": area.name,
                    "extent": area.gss_code,
                    "extent_type": "ONS GSS code" if area.gss_code else "",
                }
            )
            for area in service.areas.all()
        ]
    data.update(
        {
            "organization": organisation(service.organisation),
            "attributes": [_attribute(service, term) for term in terms],
            "service_areas": areas,
            "phones": (
                [{"id": derived_id("phone", service.uuid), "number": service.contact_phone}]
                if service.contact_phone
                else []
            ),
            "contacts": (
                [
                    _compact(
                        {
                            "id": derived_id("contact", service.uuid),
                            "service_id": str(service.uuid),
                            "name": service.contact_name,
                            "email": service.contact_email,
                        }
                    )
                ]
                if service.contact_name or service.contact_email
                else []
            ),
            "service_at_locations": _locations(place, service),
            "schedules": [schedule(service, s) for s in service.schedules.all()],
        }
    )
    return data


def schedule(service, opening):
    """A weekly opening as an HSDS schedule: an RFC 5545 weekly rule on one day, with its hours."""
    return _compact(
        {
            "id": derived_id("schedule", service.uuid, opening.pk),
            "service_id": str(service.uuid),
            "freq": "WEEKLY",
            "interval": 1,
            "byday": BYDAY[opening.weekday],
            "opens_at": opening.opens_at.isoformat(),
            "closes_at": opening.closes_at.isoformat(),
            "valid_from": opening.valid_from.isoformat() if opening.valid_from else None,
            "valid_to": opening.valid_to.isoformat() if opening.valid_to else None,
            "description": opening.description,
        }
    )


def _locations(place, service):
    if not (service.in_person and (service.postcode or service.latitude is not None)):
        return []
    location_id = derived_id("location", service.uuid)
    location = _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": service.name,
            "latitude": float(service.latitude) if service.latitude is not None else None,
            "longitude": float(service.longitude) if service.longitude is not None else None,
        }
    )
    if service.postcode:
        location["addresses"] = [
            {
                "id": derived_id("address", service.uuid),
                "location_id": location_id,
                "address_1": service.address or service.name,
                "city": place.name,
                "state_province": place.name,
                "postal_code": service.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return [
        {
            "id": derived_id("service_at_location", service.uuid),
            "service_id": str(service.uuid),
            "location_id": location_id,
            "location": location,
        }
    ]


# The specification's query parameters


def search(items, params):
    """Vocabulary items whose name or description holds the ``search`` text."""
    text = (params.get("search") or "").strip().lower()
    if not text:
        return items
    return [i for i in items if text in i["name"].lower() or text in i["description"].lower()]


def _modified_after(value):
    try:
        moment = parse_datetime(value)
        if moment is None and parse_date(value) is not None:
            moment = datetime.combine(parse_date(value), time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {"modified_after": [_("Give a date and time in ISO 8601, like 2025-04-01T09:00:00Z.")]}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def filter_services(place, services, params):
    """/services narrowed by search, taxonomy_term_id, taxonomy_id, organization_id and
    modified_after, as the specification names them (identifiers are the ones we publish)."""
    text = (params.get("search") or "").strip()
    if text:
        services = services.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    term = params.get("taxonomy_term_id")
    if term:
        communities = {
            derived_id("community", pk): pk
            for pk in communities_for_place(place).values_list("pk", flat=True)
        }
        if term in communities:
            services = services.filter(communities=communities[term])
        else:
            try:
                services = services.filter(themes__uuid=uuid.UUID(term))
            except ValueError:
                services = services.none()
    taxonomy = params.get("taxonomy_id")
    if taxonomy == communities_taxonomy_id(place):
        services = services.filter(communities__isnull=False)
    elif taxonomy and taxonomy != themes_taxonomy_id(place):
        services = services.none()  # every service has themes; another taxonomy is not ours
    organisation = params.get("organization_id")
    if organisation:
        ids = [
            pk
            for pk in organisations_in_place(place).values_list("pk", flat=True)
            if derived_id("organisation", pk) == organisation
        ]
        services = services.filter(organisation_id__in=ids)
    if params.get("modified_after"):
        services = services.filter(updated_at__gte=_modified_after(params["modified_after"]))
    return services.distinct()
