"""Mapping's open data: the place's service directory in Open Referral UK (HSDS 3.0)."""

from django.utils.translation import gettext_lazy as _

from coordination.opendata import Dataset, Download

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
