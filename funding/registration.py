"""Everything funding plugs into the core: the changes partners may subscribe to (webhooks), the
reminders about programmes, bids and board funds, the digest sections, the news an applicant's
people are told, the My work sections and the 360Giving dataset.

Bids are private to the applicant and the funder: a webhook delivery names only the bid, and the
partner reads it with its key, which sees the bid only if the key's maker may.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.accounts.models import Role
from coordination.caching.registry import register_every_place
from coordination.exports.registry import register_export
from coordination.notifications.registry import (
    DigestSection,
    NewsKind,
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

from . import digest, measures, mywork, opendata, personal_data, search
from .models import Programme, ProgrammeDocumentRequirement, ProgrammeQuestion
from .selectors.work import runs_a_fund
from .services import news
from .services import variations as variation_news

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

# News of the applicant's own bids (told by funding.services.news).
register_news(
    NewsKind(
        kind=news.BID_DECIDED,
        label=gettext_lazy("A bid of your organisation is decided"),
        description=gettext_lazy(
            "When a funder awards a bid (with the grant's amount and dates) or declines it, and "
            "when it releases its feedback on a declined bid."
        ),
        order=200,
    )
)
register_news(
    NewsKind(
        kind=news.DUPLICATE_CHECKS_CHANGED,
        label=gettext_lazy("Another funder joins or leaves duplicate checks"),
        description=gettext_lazy(
            "When another funder in the place consents to checking bids for duplicates with the "
            "other consenting funders, or withdraws its consent."
        ),
        order=230,
    )
)
register_news(
    NewsKind(
        kind=news.FUND_APPLICATION_DECIDED,
        label=gettext_lazy("An application to a board's fund is decided"),
        description=gettext_lazy(
            "When a community board decides your organisation's application to its fund at a "
            "meeting: the outcome, the reason, and the grant or the feedback."
        ),
        order=210,
    )
)

register_news(
    NewsKind(
        kind=news.BUDGET_IDEA_ON_BALLOT,
        label=gettext_lazy("Your idea is on a community budget ballot"),
        description=gettext_lazy(
            "When a community group puts your idea on the ballot of a round where residents "
            "decide part of its fund: the project's cost and the voting dates."
        ),
        order=220,
    )
)
register_news(
    NewsKind(
        kind=news.BUDGET_RESULTS,
        label=gettext_lazy("Results of a community budget vote"),
        description=gettext_lazy(
            "When the results of a round you voted in, or whose ballot had your idea, are "
            "published: the projects residents chose."
        ),
        order=230,
    )
)

# My work: what each person's bids, programmes and board funds wait on them for.
register_work(
    WorkSection(
        key="funding_my_bids",
        title=gettext_lazy("My organisation's bids"),
        audience=gettext_lazy("Charity leaders"),
        items=mywork.my_bids,
        empty=gettext_lazy(
            "Bids and board fund applications your organisation makes appear here with their "
            "status: drafts with the day the programme closes, decisions, feedback and grants."
        ),
        relevant=lambda place, user, roles: Role.CHARITY_LEADER in roles,
        order=200,
    )
)
register_work(
    WorkSection(
        key="funding_bids_to_decide",
        title=gettext_lazy("Bids to decide"),
        audience=gettext_lazy("Funders"),
        items=mywork.bids_to_decide,
        empty=gettext_lazy(
            "Bids submitted to your programmes appear here until you award or decline them, "
            "due by the day your programme promised a decision."
        ),
        relevant=lambda place, user, roles: Role.FUNDER in roles,
        order=210,
    )
)
register_work(
    WorkSection(
        key="funding_feedback_owed",
        title=gettext_lazy("Feedback owed"),
        audience=gettext_lazy("Funders"),
        items=mywork.feedback_owed,
        empty=gettext_lazy(
            "Declined bids whose feedback you have not released appear here, due by the day "
            "your programme promised it."
        ),
        relevant=lambda place, user, roles: Role.FUNDER in roles,
        order=220,
    )
)
register_work(
    WorkSection(
        key="funding_cofund_offers",
        title=gettext_lazy("Co-funding offers"),
        audience=gettext_lazy("Funders"),
        items=mywork.cofund_offers,
        empty=gettext_lazy(
            "Other funders' offers to co-fund bids to your programmes appear here while the "
            "bid waits for your decision, and for 90 days after they were made."
        ),
        relevant=lambda place, user, roles: Role.FUNDER in roles,
        order=230,
    )
)
register_work(
    WorkSection(
        key="funding_fund_applications",
        title=gettext_lazy("Applications to your board's fund"),
        audience=gettext_lazy("Board officers"),
        items=mywork.fund_applications,
        empty=gettext_lazy(
            "Applications to the funds of boards you run appear here until the board decides "
            "them at a meeting."
        ),
        relevant=lambda place, user, roles: runs_a_fund(place, user),
        order=240,
    )
)

# Grant variations: a grantee asks to change a grant, its funder decides.
register_events(
    {
        "funding.variation.request": gettext_lazy("A grantee asked to change a grant"),
        "funding.variation.withdraw": gettext_lazy(
            "A grantee withdrew a request to change a grant"
        ),
        "funding.variation.approve": gettext_lazy("A funder approved a change to a grant"),
        "funding.variation.refuse": gettext_lazy("A funder refused a change to a grant"),
    }
)
register_news(
    NewsKind(
        kind=variation_news.VARIATION_REQUESTED,
        label=gettext_lazy("A grantee asks to change a grant of your programme"),
        description=gettext_lazy(
            "When a grantee asks to change the purpose, the period or the budget of a grant from "
            "your organisation's programme, or withdraws that request."
        ),
        order=240,
    )
)
register_news(
    NewsKind(
        kind=variation_news.VARIATION_DECIDED,
        label=gettext_lazy("A change to your organisation's grant is decided"),
        description=gettext_lazy(
            "When the funder approves (with the grant's new dates) or refuses (with its reason) "
            "a change your organisation asked for."
        ),
        order=250,
    )
)
register_work(
    WorkSection(
        key="funding_variations_to_decide",
        title=gettext_lazy("Variations to decide"),
        audience=gettext_lazy("Funders"),
        items=mywork.variations_to_decide,
        empty=gettext_lazy(
            "Requests from grantees to change the purpose, period or budget of a grant from your "
            "programmes appear here until you approve or refuse them."
        ),
        relevant=lambda place, user, roles: Role.FUNDER in roles,
        order=225,
    )
)
register_work(
    WorkSection(
        key="funding_my_variations",
        title=gettext_lazy("Changes asked for my organisation's grants"),
        audience=gettext_lazy("Charity leaders"),
        items=mywork.my_variation_requests,
        empty=gettext_lazy(
            "Changes your organisation asks a funder to make to a grant appear here until the "
            "funder decides them."
        ),
        relevant=lambda place, user, roles: Role.CHARITY_LEADER in roles,
        order=205,
    )
)

register_dataset(opendata.GRANTS)
for export in opendata.EXPORTS:
    register_export(export)
for measure in measures.MEASURES:
    register_measure(measure)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# Search (docs/search.md): what this app makes searchable, each kind checked by its visibility
# selector.

for _kind in search.KINDS:
    register_search(_kind)

# A programme spans places, so a change to it (or to its questions and document requirements)
# makes every place's cached public pages stale (docs/caching.md).
for _model in (Programme, ProgrammeQuestion, ProgrammeDocumentRequirement):
    register_every_place(_model)


# The stored figures are told when what they count changes (funding/signals.py).
def _connect_figures_refresh():
    from . import signals

    signals.connect()


_connect_figures_refresh()
