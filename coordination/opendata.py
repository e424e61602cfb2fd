"""The open data a place publishes, listed on one public page (/<place>/open-data/).

Each app declares its datasets in its ``opendata.py`` and registers them from its
``registration.py``, so core names no app: funding its 360Giving grants, commissioning its OCDS
release package, mapping its Open Referral UK services. Everything listed is public already; the
page only gathers the links, the standard each follows, the licence and how many rows there are.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

# Licences a place may publish under (OPEN_DATA_LICENCE is one of these addresses).
LICENCES = {
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/": (
        "Open Government Licence v3.0"
    ),
    "https://creativecommons.org/licenses/by/4.0/": "Creative Commons Attribution 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0 (public domain)",
}


def licence():
    url = settings.OPEN_DATA_LICENCE
    return {"url": url, "name": LICENCES.get(url, url)}


@dataclass(frozen=True)
class Download:
    label: str  # "JSON", "CSV"
    url_name: str  # a route under /<place>/ (or the API's, with api=True)
    media_type: str
    api: bool = False

    def url(self, place):
        return reverse(self.url_name, kwargs={"place_slug": place.slug})


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    standard: str
    standard_url: str
    downloads: list = field(default_factory=list)
    count: object = None  # count(place) -> int: how many records it holds now
    count_label: tuple = ("%d record", "%d records")  # singular and plural, for ngettext
    order: int = 50

    def for_place(self, place):
        count = self.count(place) if self.count else None
        singular, plural = self.count_label
        return {
            "dataset": self,
            "count": count,
            "count_text": None if count is None else ngettext(singular, plural, count) % count,
            "downloads": [(d, d.url(place)) for d in self.downloads],
        }


_registry = {}


def register_dataset(dataset):
    _registry[dataset.key] = dataset
    return dataset


def datasets():
    return sorted(_registry.values(), key=lambda d: (d.order, d.title))
