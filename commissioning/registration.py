"""Everything commissioning plugs into the core: the changes partners may subscribe to (webhooks:
the public timeline), the deadline reminders, the tenders digest section and the OCDS dataset."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.api.deletions import register_deletions
from coordination.notifications.registry import (
    DigestSection,
    ReminderRule,
    register_reminder,
    register_section,
)
from coordination.opendata import register_dataset
from coordination.webhooks.registry import register_events

from . import digest, opendata

register_events(
    {
        "commissioning.tender.create": gettext_lazy("A tender was added to the pipeline"),
        "commissioning.tender.update": gettext_lazy("A tender's details changed"),
        "commissioning.tender.stage": gettext_lazy("A tender moved to its next stage"),
        "commissioning.tender.amended": gettext_lazy(
            "An amendment to an open tender was published"
        ),
        "commissioning.tender.remove": gettext_lazy(
            "A tender was removed before anything about it was published"
        ),
        "commissioning.section.revise": gettext_lazy("The co-designed specification changed"),
        "commissioning.clarification.answer": gettext_lazy(
            "A clarification was answered, for every bidder"
        ),
        "commissioning.tender.award": gettext_lazy("A tender was awarded"),
        "commissioning.tender.open_bids": gettext_lazy(
            "A tender's sealed bids opened at its deadline (when, how many)"
        ),
    }
)

# Tenders are public: anyone may learn that one was removed.
register_deletions({"commissioning.tender.remove": ("tenders", None)})

register_reminder(
    ReminderRule(
        kind=digest.CO_DESIGN_CLOSING,
        label=gettext_lazy("Co-design on a tender you help shape is closing"),
        find_due=digest.co_design_closing,
        lead_times=(timedelta(days=2),),
    )
)

register_reminder(
    ReminderRule(
        kind=digest.CLARIFICATION_DEADLINE,
        label=gettext_lazy("The deadline for questions on a tender you follow is near"),
        find_due=digest.clarification_deadline,
        lead_times=(timedelta(days=3),),
    )
)

register_reminder(
    ReminderRule(
        kind=digest.SUBMISSION_DEADLINE,
        label=gettext_lazy("Bids close soon on a tender you follow"),
        find_due=digest.submission_deadline,
        lead_times=digest.SUBMISSION_LEAD_TIMES,
    )
)

register_reminder(
    ReminderRule(
        kind=digest.EVALUATION_OVERDUE,
        label=gettext_lazy("A tender you commission is past its decision date (council officers)"),
        find_due=digest.evaluation_overdue,
    )
)

register_section(
    DigestSection(
        key="commissioning",
        title=lambda place: _("Tenders in %(place)s") % {"place": place.name},
        order=40,
        relevant=digest.not_only_a_resident,
        prefetch=digest.prefetch_tenders,
        items=digest.tender_items,
    )
)

register_dataset(opendata.OCDS)
