"""Everything commissioning plugs into the core: the changes partners may subscribe to (webhooks:
the public timeline), the deadline reminders, the tenders digest section, the news people are told
of, the My work sections and the OCDS dataset."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.api.deletions import register_deletions
from coordination.exports.registry import register_export
from coordination.notifications.registry import (
    DigestSection,
    ReminderRule,
    register_news,
    register_reminder,
    register_section,
)
from coordination.opendata import register_dataset
from coordination.personal_data.registry import register_personal_data
from coordination.places.comparison import register_measure
from coordination.search.registry import register_search
from coordination.webhooks.registry import register_events
from coordination.work.registry import WorkSection, register_work

from . import digest, measures, mywork, news, opendata, personal_data, search

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
for export in opendata.EXPORTS:
    register_export(export)
for measure in measures.MEASURES:
    register_measure(measure)

for kind in news.KINDS:
    register_news(kind)

TAKING_PART = gettext_lazy("Charity leaders and partners")
RUNNING = gettext_lazy("Council officers")

for section in (
    WorkSection(
        key="commissioning_my_tenders",
        title=gettext_lazy("Tenders we are taking part in"),
        audience=TAKING_PART,
        items=mywork.my_tenders,
        empty=gettext_lazy(
            "Tenders your organisation is invited to, registered interest in or bid for appear "
            "here, with when bids close."
        ),
        relevant=mywork.takes_part,
        order=300,
    ),
    WorkSection(
        key="commissioning_co_design_drafts",
        title=gettext_lazy("Co-design drafts open for comment"),
        audience=TAKING_PART,
        items=mywork.co_design_drafts,
        empty=gettext_lazy(
            "Specifications being co-designed by a group your organisation is in appear here "
            "until co-design closes."
        ),
        relevant=mywork.takes_part,
        order=310,
    ),
    WorkSection(
        key="commissioning_answers",
        title=gettext_lazy("Answers to questions"),
        audience=TAKING_PART,
        items=mywork.answers,
        empty=gettext_lazy(
            "Answers to your organisation’s questions, and to any question on a tender you "
            "follow, appear here for 30 days."
        ),
        relevant=mywork.takes_part,
        order=320,
    ),
    WorkSection(
        key="commissioning_questions_to_answer",
        title=gettext_lazy("Questions to answer"),
        audience=RUNNING,
        items=mywork.questions_to_answer,
        empty=gettext_lazy(
            "Questions asked about tenders you run appear here until you publish an answer."
        ),
        relevant=mywork.runs_tenders,
        order=350,
    ),
    WorkSection(
        key="commissioning_comments_to_answer",
        title=gettext_lazy("Co-design comments to answer"),
        audience=RUNNING,
        items=mywork.comments_to_answer,
        empty=gettext_lazy(
            "Comments on the specifications of tenders you run appear here until you answer them."
        ),
        relevant=mywork.runs_tenders,
        order=360,
    ),
    WorkSection(
        key="commissioning_next_stages",
        title=gettext_lazy("Tenders’ next stages"),
        audience=RUNNING,
        items=mywork.next_stages,
        empty=gettext_lazy(
            "Tenders you run appear here 30 days before co-design closes, bids close or the "
            "decision is due."
        ),
        relevant=mywork.runs_tenders,
        order=370,
    ),
    WorkSection(
        key="commissioning_unseen_invitations",
        title=gettext_lazy("Invitations not yet seen"),
        audience=RUNNING,
        items=mywork.unseen_invitations,
        empty=gettext_lazy(
            "Invitations you sent appear here when, three days on, nobody at the organisation "
            "has said they have seen them."
        ),
        relevant=mywork.runs_tenders,
        order=380,
    ),
):
    register_work(section)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# Search (docs/search.md): what this app makes searchable, each kind checked by its visibility
# selector.

for _kind in search.KINDS:
    register_search(_kind)
