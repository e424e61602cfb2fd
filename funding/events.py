"""Funding's changes partner systems may subscribe to (webhooks).

Bids are private to the applicant and the funder: a delivery names only the bid, and the partner
reads it with its key, which sees the bid only if the key's maker may.
"""

from django.utils.translation import gettext_lazy as _

from coordination.webhooks.registry import register_events

register_events(
    {
        "funding.programme.create": _("A funder opened a programme"),
        "funding.programme.update": _("A programme's details changed"),
        "funding.bid.submit": _("A bid was submitted"),
        "funding.bid.award": _("A bid was decided: awarded"),
        "funding.bid.decline": _("A bid was decided: declined"),
        "funding.bid.withdraw": _("A bid was withdrawn"),
        "funding.feedback.release": _("Feedback on a declined bid was released to the applicant"),
        "funding.fund.create": _("A board's fund was set up for a year"),
        "funding.fund_application.decide": _("A board decided an application to its fund"),
        "funding.grant_report.submit": _("A group reported on what a board grant did"),
    }
)
