"""Commissioning's open data: the place's tenders in the Open Contracting Data Standard."""

from django.utils.translation import gettext_lazy as _

from coordination.exports.registry import ExportKind
from coordination.opendata import Dataset, Download
from coordination.organisations.models import Organisation
from coordination.places.models import Place

from . import ocds
from .models import (
    Award,
    CoDesignSession,
    Criterion,
    Lot,
    SectionVersion,
    SpecificationSection,
    Submission,
    Tender,
    TenderAmendment,
    TenderStageChange,
)
from .selectors import tenders_in_place

OCDS = Dataset(
    key="ocds",
    title=_("Tenders and contracts"),
    description=_(
        "Every tender from pipeline to award: its stages and why each was taken, what "
        "co-design produced, and who won with the rationale. Bids are never published; "
        "only the winning supplier is named."
    ),
    standard="Open Contracting Data Standard 1.1.5 (release package)",
    standard_url="https://standard.open-contracting.org/1.1/en/",
    downloads=[
        Download("JSON", "places:commissioning:ocds", "application/json"),
        Download("CSV", "places:commissioning:ocds_csv", "text/csv"),
    ],
    count=lambda place: tenders_in_place(place).count(),
    count_label=("%d tender", "%d tenders"),
    order=20,
)

# The built files (coordination/exports), and the rows whose changes rebuild them: everything the
# package reads (a new bid changes a tender's number of tenderers), the buyers' and suppliers' names.
WATCHES = (
    Tender,
    TenderStageChange,
    Lot,
    Criterion,
    CoDesignSession,
    TenderAmendment,
    Award,
    Submission,
    SpecificationSection,
    SectionVersion,
    Organisation,
    Place,
)
EXPORTS = [
    ExportKind(
        key="commissioning.ocds.json",
        content_type="application/json",
        build=ocds.write_json,
        filename=lambda place: f"{place.slug}-ocds.json",
        watches=WATCHES,
        settings=("SITE_URL", "OPEN_DATA_LICENCE", "COMMISSIONING_OCID_PREFIX"),
        disposition="inline",
        when_empty=ocds.no_releases,
        headers=ocds.release_count,
    ),
    ExportKind(
        key="commissioning.tenders.csv",
        content_type="text/csv; charset=utf-8",
        build=ocds.write_csv,
        filename=lambda place: f"{place.slug}-tenders.csv",
        watches=WATCHES,
        settings=("COMMISSIONING_OCID_PREFIX",),
    ),
]
