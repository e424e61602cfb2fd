"""Funding's measures on the page that compares places (coordination/places/comparison.py): what
each place asked of its funders, from the figures it publishes."""

from django.utils.translation import gettext_lazy as _

from coordination.places.comparison import DAYS, MONTHS, QUESTIONS, Measure

from .models import DEFAULT_SHORT_TERM_MONTHS
from .selectors import burden_figures, compute_figures

GROUP = _("Funders")


def _figure(attribute):
    def value(place, memo):
        if "funding" not in memo:
            # One yardstick for every place: short-term is under the default 12 months here,
            # whatever threshold a place set for its own pages.
            memo["funding"] = compute_figures(place, short_term_months=DEFAULT_SHORT_TERM_MONTHS)
        return getattr(memo["funding"], attribute)

    return value


MEASURES = [
    Measure(
        "funding.feedback_rate",
        _("Declined bids given feedback"),
        GROUP,
        _figure("feedback_rate"),
        order=10,
    ),
    Measure(
        "funding.feedback_days",
        _("Median days to feedback"),
        GROUP,
        _figure("median_feedback_days"),
        unit=DAYS,
        order=11,
    ),
    Measure(
        "funding.core_share",
        _("Awards that are core or unrestricted"),
        GROUP,
        _figure("core_share"),
        order=12,
    ),
    Measure(
        "funding.short_share",
        _("Awards with under a year to spend the money"),
        GROUP,
        _figure("short_share"),
        order=13,
    ),
    Measure(
        "funding.spend_months",
        _("Median time to spend the money"),
        GROUP,
        _figure("median_spend_months"),
        unit=MONTHS,
        order=14,
    ),
    Measure(
        "funding.local_share",
        _("Awards to local organisations embedded in their communities"),
        GROUP,
        _figure("local_share"),
        order=15,
    ),
    Measure(
        "funding.variations_approved_share",
        _("Grant variations approved"),
        GROUP,
        _figure("variations_approved_share"),
        order=16,
    ),
    Measure(
        "funding.variation_days",
        _("Median days to decide a grant variation"),
        GROUP,
        _figure("median_variation_days"),
        unit=DAYS,
        order=17,
    ),
]


# Applying once: what the median programme asks of applicants here.
def _median_questions(place, memo):
    if "funding_burden" not in memo:
        memo["funding_burden"] = burden_figures(place)
    return memo["funding_burden"].median_questions


MEASURES.append(
    Measure(
        "funding.median_questions",
        _("Median questions per programme"),
        GROUP,
        _median_questions,
        unit=QUESTIONS,
        order=16,
    )
)
