"""Mapping's open data: the place's service directory in Open Referral UK (HSDS 3.0)."""

import csv
import io

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coordination.csvfiles import escape_formula, plain_cell
from coordination.exports.registry import ExportKind
from coordination.opendata import Dataset, Download
from coordination.organisations.models import Community, Organisation
from coordination.places.models import Area, Place
from coordination.vocabularies.models import Theme

from . import opening_hours, selectors
from .models import Service, ServiceStatus
from .schedules import ServiceSchedule
from .selectors import services_in_place

OPEN_REFERRAL = Dataset(
    key="open-referral",
    title=_("Local services"),
    description=_(
        "The services on this place's directory: who runs them, what they do, for whom, "
        "where and how to reach them. Closed services and contact people's names are left "
        "out."
    ),
    standard="Open Referral UK (HSDS 3.0)",
    standard_url="https://openreferraluk.org/",
    downloads=[
        Download("JSON (Open Referral API)", "api:hsds-root-list", "application/json"),
        Download("CSV", "places:mapping:open_services_csv", "text/csv"),
    ],
    count=lambda place: services_in_place(place, include_closed=False).count(),
    count_label=("%d service", "%d services"),
    order=30,
)

OPEN_SERVICE_COLUMNS = [
    "id",
    "name",
    "organization",
    "description",
    "themes",
    "communities served",
    "specialist",
    "areas",
    "in person",
    "online",
    "by phone",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "eligibility",
    "email",
    "phone",
    "website",
    "status",
    "last verified",
    "opening hours",
]


def write_services_csv(place, out):
    """The public directory as one table (open data) into the binary stream ``out``: the services
    the directory shows, with the HSDS ids the Open Referral API uses; no contact person's name.
    Written a thousand rows at a time; returns how many services."""
    services = selectors.services_in_place(place, include_closed=False)
    links = selectors.service_links(place, services)  # not a prefetch per service
    hours = selectors.schedules_by_service(place, services.values("pk"))

    def names(service, relation):
        return "; ".join(links[relation].get(service.pk, ()))

    whole_place = gettext("Whole place")
    statuses = {value: str(label) for value, label in ServiceStatus.choices}  # translated once
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_SERVICE_COLUMNS)
    count = 0
    for s in services.prefetch_related(None).iterator(chunk_size=1000):
        row = [
            str(s.uuid),
            s.name,
            s.organisation.name,
            s.description,
            names(s, "themes"),
            names(s, "communities"),
            "yes" if s.is_specialist else "no",
            whole_place if s.whole_place else names(s, "areas"),
            "yes" if s.in_person else "no",
            "yes" if s.online else "no",
            "yes" if s.by_phone else "no",
            s.address,
            s.postcode,
            s.latitude if s.latitude is not None else "",
            s.longitude if s.longitude is not None else "",
            s.eligibility,
            s.contact_email,
            s.contact_phone,
            s.website,
            statuses.get(s.status, s.status),
            s.last_verified.isoformat() if s.last_verified else "",
            opening_hours.text(hours.get(s.pk, ()), "; "),
        ]
        writer.writerow([escape_formula(plain_cell(cell)) for cell in row])
        count += 1
        if count % 1000 == 0:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())
    return count


# The built file (coordination/exports), and the rows whose changes rebuild it: a service, its
# opening hours, its organisation, and the names of its themes, communities and areas.
EXPORTS = [
    ExportKind(
        key="mapping.services.csv",
        content_type="text/csv; charset=utf-8",
        build=write_services_csv,
        filename=lambda place: f"{place.slug}-services.csv",
        watches=(Service, ServiceSchedule, Organisation, Theme, Community, Area, Place),
    ),
]
