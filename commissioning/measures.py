"""Commissioning's measures on the page that compares places (coordination/places/comparison.py):
tenders designed with the sector, contracts to the local voluntary sector, and funding that
keeps up with demand, from the figures each place publishes."""

from django.utils.translation import gettext_lazy as _

from coordination.places.comparison import Measure

from .models import DEFAULT_UNIT_VALUE_FALL
from .selectors import commissioner_figures, flagged_share

GROUP = _("Commissioners")


def _totals(place, memo):
    if "commissioning" not in memo:
        rows = commissioner_figures(place)
        memo["commissioning"] = {
            name: sum(getattr(r, name) for r in rows)
            for name in ("tenders", "awarded", "local_vcse_awards", "co_designed")
        }
    return memo["commissioning"]


def _share(part, whole):
    def value(place, memo):
        totals = _totals(place, memo)
        return totals[part] / totals[whole] if totals[whole] else None

    return value


def _flagged(place, memo):
    # One yardstick for every place: the default threshold, whatever a place set for its pages.
    return flagged_share(place, DEFAULT_UNIT_VALUE_FALL)


MEASURES = [
    Measure(
        "commissioning.co_designed",
        _("Tenders designed with the sector before procurement"),
        GROUP,
        _share("co_designed", "tenders"),
        order=20,
    ),
    Measure(
        "commissioning.local_vcse",
        _("Contracts to the local voluntary sector"),
        GROUP,
        _share("local_vcse_awards", "awarded"),
        order=21,
    ),
    Measure(
        "commissioning.proportionality",
        _("Continued contracts whose money for each unit of demand fell by more than 10%"),
        GROUP,
        _flagged,
        order=22,
    ),
]
