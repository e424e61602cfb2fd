"""Exporting services, needs or assets in the import's own columns, as CSV or XLSX.

Everything for the place's coordinators, an organisation's own rows for its people. A cell that
a spreadsheet would run as a formula is written as text.
"""

import csv
import io
from decimal import Decimal

from django.db.models import Q

from coordination.accounts.permissions import can
from coordination.csvfiles import escape_formula, plain_cell

from .. import opening_hours, selectors
from ..models import ImportKind, Severity
from .columns import COLUMNS, LIST_SEPARATOR, WHOLE_PLACE


def _names(items):
    return LIST_SEPARATOR.join(i.name for i in items)


def export_rows(place, user, kind, *, everything=False):
    """The rows this person may export, as lists of cells in COLUMNS[kind] order (every row of
    the place with ``everything``, for the coordinators' built file: mapping/opendata.py)."""
    kind = ImportKind(kind)
    admin = everything or can(user, place, "manage_all_services")
    own_orgs = (
        None
        if admin
        else set(selectors.organisations_acted_for(user, place).values_list("pk", flat=True))
    )
    if kind == ImportKind.SERVICES:
        qs = selectors.services_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(organisation__in=own_orgs)
        links = selectors.service_links(place, qs)
        hours = selectors.schedules_by_service(place, qs.values("pk"))

        def names(service, relation):
            return LIST_SEPARATOR.join(links[relation].get(service.pk, ()))

        for s in qs.prefetch_related(None):  # the links above, not a prefetch per service
            delivery = [
                lbl
                for on, lbl in (
                    (s.in_person, "in person"),
                    (s.online, "online"),
                    (s.by_phone, "phone"),
                )
                if on
            ]
            yield [
                s.external_id or f"inplace-{s.pk}",
                s.name,
                s.organisation.name,
                names(s, "themes"),
                WHOLE_PLACE if s.whole_place else names(s, "areas"),
                names(s, "communities"),
                "yes" if s.is_specialist else "no",
                LIST_SEPARATOR.join(delivery),
                s.description,
                s.address,
                s.postcode,
                s.latitude,
                s.longitude,
                s.weekly_capacity,
                s.eligibility,
                s.contact_name,
                s.contact_email,
                s.contact_phone,
                s.website,
                s.status,
                opening_hours.text(hours.get(s.pk, ()), f"{LIST_SEPARATOR} "),
            ]
    elif kind == ImportKind.NEEDS:
        qs = selectors.needs_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(Q(organisation__in=own_orgs) | Q(submitted_by=user))
        for n in qs:
            yield [
                n.external_id or f"inplace-{n.pk}",
                n.area.name,
                n.theme.name,
                n.summary,
                Severity(n.severity).label if n.severity else "",
                _names(n.communities.all()),
                n.indicator_value,
                n.indicator_unit,
                n.indicator_source,
                n.indicator_date.isoformat() if n.indicator_date else "",
                n.evidence_url,
            ]
    else:
        qs = selectors.assets_in_place(place)
        if own_orgs is not None:
            qs = qs.filter(created_by=user)
        for a in qs:
            yield [
                a.external_id or f"inplace-{a.pk}",
                a.kind,
                a.name,
                a.area.name if a.area else "",
                a.description,
                a.availability,
                a.postcode,
                a.latitude,
                a.longitude,
                a.contact_name,
                a.contact_email,
                a.contact_phone,
                "yes" if a.contact_consent else "no",
            ]


def _csv_cell(value):
    value = plain_cell(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return escape_formula(value)


def _xlsx_cell(value):
    value = plain_cell(value)
    return float(value) if isinstance(value, Decimal) else value


def export_csv(place, user, kind, *, everything=False):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS[ImportKind(kind)])
    for cells in export_rows(place, user, kind, everything=everything):
        writer.writerow([_csv_cell(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(place, user, kind, *, everything=False):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(ImportKind(kind).label)[:31]
    sheet.append(COLUMNS[ImportKind(kind)])
    for cells in export_rows(place, user, kind, everything=everything):
        sheet.append([_xlsx_cell(c) for c in cells])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
