"""How each place's funding demo differs, so the page comparing places (/compare/) shows a
different figure in each column. Deterministic: the same figures on every run."""

import zlib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from coordination.vocabularies.models import Theme

from . import services


@dataclass(frozen=True)
class PlaceVariation:
    """How one place's demo differs from the others', so the page comparing places (/compare/)
    shows a different figure in each column: the local award's size, the days the funder took to
    release feedback, more declines given feedback, and short project grants beside the core ones
    (which lower the core share and raise the short-term share)."""

    amount_scale: Decimal
    feedback_days: int
    more_feedback: int  # declines given feedback, besides the one every place has
    project_awards: int  # short project grants from the winter fund


VARIATIONS = {
    "buckinghamshire": PlaceVariation(Decimal("1"), 10, 0, 0),
    "coventry": PlaceVariation(Decimal("0.75"), 21, 1, 1),
    "sutton": PlaceVariation(Decimal("1.25"), 5, 2, 2),
}


def place_variation(place):
    """The place's variation; a place added later gets one of these, chosen by its slug (the same
    on every run)."""
    if place.slug in VARIATIONS:
        return VARIATIONS[place.slug]
    options = list(VARIATIONS.values())
    return options[zlib.crc32(place.slug.encode()) % len(options)]


_MORE_DECLINES = ["Lunch club transport", "Money advice on the estates"]
_PROJECTS = ["Warm hub evenings", "Winter coat bank"]


def varied_decisions(place, now, today, variation, funder, core, winter, bid):
    """The place's own extra decisions (place_variation), by ``funder`` (a person) on bids
    ``bid(programme, title, amount, submit_at=..., ...)`` makes, submits and counts."""
    for number, title in enumerate(_MORE_DECLINES[: variation.more_feedback]):
        declined = bid(core, title, "18000", submit_at=now - timedelta(days=50))
        services.bid_decline(
            place=place,
            actor=funder,
            bid=declined,
            reasons=["over_subscribed"],
            strengths="A clear plan, run by people who know the area.",
            to_strengthen="Say what would change for the people you reach.",
            release=False,
            now=now - timedelta(days=40),
        )
        services.feedback_release(
            place=place,
            actor=funder,
            bid=declined,
            now=now - timedelta(days=40 - variation.feedback_days - 4 * (number + 1)),
        )
    for title in _PROJECTS[: variation.project_awards]:
        project = bid(
            winter,
            title,
            "8000",
            submit_at=now - timedelta(days=3),
            duration_months=6,
            themes=list(Theme.objects.filter(place__isnull=True, slug="loneliness")),
        )
        services.bid_award(
            place=place,
            actor=funder,
            bid=project,
            amount=(Decimal("7500") * variation.amount_scale).quantize(Decimal("1")),
            start=today,
            months=6,
            now=now - timedelta(days=1),
        )
