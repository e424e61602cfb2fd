"""Places learn from each other: the figures each place publishes, side by side on one public page
(/compare/). Each app registers its measures from its ``registration.py`` (core names no app):
funding its feedback, core, short-term and local shares, commissioning its co-design and
proportionality. A measure reads only what its place already publishes."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Place

PERCENT, DAYS, MONTHS, QUESTIONS = "percent", "days", "months", "questions"
UNITS = (PERCENT, DAYS, MONTHS, QUESTIONS)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    group: str  # the heading it is shown under: "Funders", "Commissioners"
    # value(place, memo) -> a share (0 to 1), a number of days, months or questions, or None; ``memo`` is a
    # dict per place that measures of one app share to read their figures once.
    value: object
    unit: str = PERCENT
    order: int = 50

    def text(self, value):
        if value is None:
            return _("no data yet")
        if self.unit == PERCENT:
            return f"{round(value * 100)}%"
        number = f"{value:g}" if isinstance(value, float) else str(value)
        if self.unit == QUESTIONS:
            return f"{number} {_('question') if value == 1 else _('questions')}"
        return f"{number} {_('days') if self.unit == DAYS else _('months')}"


_MEASURES = {}


def register_measure(measure):
    _MEASURES[measure.key] = measure


def measures():
    return sorted(_MEASURES.values(), key=lambda m: (m.order, m.key))


def comparison(places=None):
    """(places, [(group, [(measure, [(value, text) per place])])]) for the active places."""
    places = list(places if places is not None else Place.objects.filter(is_active=True))
    groups = {}
    memos = {place.pk: {} for place in places}
    for measure in measures():
        row = []
        for place in places:
            value = measure.value(place, memos[place.pk])
            row.append((value, measure.text(value)))
        groups.setdefault(measure.group, []).append((measure, row))
    return places, list(groups.items())
