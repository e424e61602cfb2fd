"""Commissioning's open data: the place's tenders in the Open Contracting Data Standard."""

from django.utils.translation import gettext_lazy as _

from coordination.opendata import Dataset, Download

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
