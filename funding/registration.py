"""Everything funding plugs into the core: the changes partners may subscribe to (webhooks), the
reminders about programmes, bids and board funds, the digest sections and the 360Giving dataset.

Bids are private to the applicant and the funder: a webhook delivery names only the bid, and the
partner reads it with its key, which sees the bid only if the key's maker may.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.notifications.registry import (
    DigestSection,
    ReminderRule,
    register_reminder,
    register_section,
)
from coordination.opendata import register_dataset
from coordination.webhooks.registry import register_events

from . import digest, opendata

# Reminder lead times: a week before something falls due, and a day after (overdue).
SOON = timedelta(days=7)
LATE = timedelta(days=-1)

register_events(
    {
        "funding.programme.create": gettext_lazy("A funder opened a programme"),
        "funding.programme.update": gettext_lazy("A programme's details changed"),
        "funding.bid.submit": gettext_lazy("A bid was submitted"),
        "funding.bid.award": gettext_lazy("A bid was decided: awarded"),
        "funding.bid.decline": gettext_lazy("A bid was decided: declined"),
        "funding.bid.withdraw": gettext_lazy("A bid was withdrawn"),
        "funding.feedback.release": gettext_lazy(
            "Feedback on a declined bid was released to the applicant"
        ),
        "funding.fund.create": gettext_lazy("A board's fund was set up for a year"),
        "funding.fund_application.decide": gettext_lazy(
            "A board decided an application to its fund"
        ),
        "funding.grant_report.submit": gettext_lazy("A group reported on what a board grant did"),
    }
)

register_reminder(
    ReminderRule(
        kind=digest.DEADLINE_KIND,
        label=gettext_lazy("A funding programme that matches your work closes in 7 days"),
        find_due=digest.deadlines_soon,
        lead_times=(SOON,),
    )
)

register_reminder(
    ReminderRule(
        kind=digest.FEEDBACK_KIND,
        label=gettext_lazy("Feedback you promised on a declined bid is due or overdue"),
        find_due=digest.feedback_due,
        lead_times=(SOON, LATE),
    )
)

register_reminder(
    ReminderRule(
        kind=digest.DECISION_KIND,
        label=gettext_lazy("A decision you promised on a bid is due or overdue"),
        find_due=digest.decisions_due,
        lead_times=(SOON, LATE),
    )
)

register_section(
    DigestSection(
        key="funding",
        title=lambda place: _("Funding in %(place)s") % {"place": place.name},
        order=40,
        relevant=digest.for_organisations,
        prefetch=digest.prefetch_funding,
        items=digest.funding_items,
    )
)

# Community board funds
register_reminder(
    ReminderRule(
        kind=digest.FUND_WAITING_KIND,
        label=gettext_lazy("An application to your board's fund is waiting for a meeting"),
        find_due=digest.applications_waiting,
    )
)

register_reminder(
    ReminderRule(
        kind=digest.FUND_REPORT_KIND,
        label=gettext_lazy("A report on a board fund grant is due or overdue"),
        find_due=digest.reports_due,
        lead_times=(SOON, LATE),
    )
)

register_reminder(
    ReminderRule(
        kind=digest.FUND_LOW_KIND,
        label=gettext_lazy("Your board's fund is running low"),
        find_due=digest.funds_running_low,
    )
)

register_section(
    DigestSection(
        key="board_funds",
        title=lambda place: _("Community board funds in %(place)s") % {"place": place.name},
        order=45,
        prefetch=digest.prefetch_funds,
        items=digest.fund_items,
    )
)

register_dataset(opendata.GRANTS)
