"""What the figures pages draw: plain data for funding/charts.js, the same figures as the tables.

Each chart is {"labels": [...], "datasets": [{"label", "data"}], "percent": bool, "unit": str}. A
figure with no data yet is None (a gap in the chart; "no data yet" in its table).
"""

from django.utils.translation import gettext as _


def _pct(share):
    return None if share is None else round(share * 100)


def shares_chart(rows):
    """rows: [(label, Figures)]: core or unrestricted, to local embedded organisations, feedback."""
    return {
        "labels": [label for label, _figures in rows],
        "percent": True,
        "datasets": [
            {"label": _("Core or unrestricted"), "data": [_pct(f.core_share) for _l, f in rows]},
            {
                "label": _("To local embedded organisations"),
                "data": [_pct(f.local_share) for _l, f in rows],
            },
            {
                "label": _("Declined bids given feedback"),
                "data": [_pct(f.feedback_rate) for _l, f in rows],
            },
        ],
    }


def measure_chart(rows, attribute, label, unit):
    """One number per row, e.g. the median grant length in months."""
    return {
        "labels": [row_label for row_label, _figures in rows],
        "percent": False,
        "unit": unit,
        "datasets": [{"label": label, "data": [getattr(f, attribute) for _l, f in rows]}],
    }


def success_chart(programme_rows):
    """Success rate of each programme that has made decisions (awarded of awarded and declined)."""
    decided = [row for row in programme_rows if row[4] is not None]
    return {
        "labels": [programme.title for programme, *_rest in decided],
        "percent": True,
        "horizontal": True,
        "datasets": [
            {"label": _("Success rate"), "data": [_pct(rate) for *_rest, rate in decided]}
        ],
    }


def place_charts(place, figures, funder_figures):
    rows = [(_("All funders in %(place)s") % {"place": place.name}, figures)] + [
        (funder.name, funder_figs) for funder, funder_figs in funder_figures
    ]
    return {
        "shares": shares_chart(rows),
        "length": measure_chart(
            rows, "median_months", _("Median grant length (months)"), _("months")
        ),
        "feedback_days": measure_chart(
            rows, "median_feedback_days", _("Median days to feedback"), _("days")
        ),
    }
