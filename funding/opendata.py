"""Funding's open data: the place's awarded grants in the 360Giving Data Standard."""

from django.utils.translation import gettext_lazy as _

from coordination.opendata import Dataset, Download
from coordination.organisations.models import Organisation
from coordination.places.models import Area, Place

from . import exports
from .models import Bid, FundApplication, FundPriority, Programme
from .selectors import awarded_grants

GRANTS = Dataset(
    key="360giving",
    title=_("Grants awarded"),
    description=_(
        "Every grant awarded in this place by the funders using InPlace: who received it, "
        "how much, for how long, where it benefits and from which programme. Declined and "
        "live bids are never published."
    ),
    standard="360Giving Data Standard 1.4",
    standard_url="https://standard.threesixtygiving.org/",
    downloads=[
        Download("JSON", "places:funding:grants_json", "application/json"),
        Download("CSV", "places:funding:grants_csv", "text/csv"),
    ],
    count=lambda place: awarded_grants(place).count(),
    count_label=("%d grant", "%d grants"),
    order=10,
)

# The built files of the grants (coordination/exports), and the rows whose changes rebuild them: a
# grant, its programme and funder, its recipient, its areas and, for a board's fund, its
# application (what was paid, the priority served).
EXPORTS = exports.export_kinds(
    watches=(Bid, Programme, FundApplication, FundPriority, Organisation, Area, Place)
)
