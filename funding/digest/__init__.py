"""Funding's part of the notifications: reminders about programmes and bids (``bids``), the funding
digest section (``section``), and community board funds' reminders and section (``board_funds``).
"""

from .bids import (
    DEADLINE_KIND,
    DECISION_KIND,
    FEEDBACK_KIND,
    deadlines_soon,
    decisions_due,
    feedback_due,
)
from .board_funds import (
    FUND_LOW_KIND,
    FUND_REPORT_KIND,
    FUND_WAITING_KIND,
    applications_waiting,
    fund_items,
    funds_running_low,
    prefetch_funds,
    reports_due,
)
from .common import matches, organisation_themes
from .section import for_organisations, funding_items, prefetch_funding

__all__ = [
    "DEADLINE_KIND",
    "DECISION_KIND",
    "FEEDBACK_KIND",
    "FUND_LOW_KIND",
    "FUND_REPORT_KIND",
    "FUND_WAITING_KIND",
    "applications_waiting",
    "deadlines_soon",
    "decisions_due",
    "feedback_due",
    "for_organisations",
    "fund_items",
    "funding_items",
    "funds_running_low",
    "matches",
    "organisation_themes",
    "prefetch_funding",
    "prefetch_funds",
    "reports_due",
]
