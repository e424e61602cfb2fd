"""Everything boards plug into the core: the changes partners may subscribe to (webhooks), the
removals the API lists, the reminders, the digest sections, the news people are told of and the
sections of My work.

A webhook delivery names only the object; the partner reads it through the API with its key, which
sees what its maker may see (a private board's meeting stays private).
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.api.deletions import register_deletions
from coordination.caching.registry import register_unseen
from coordination.notifications.registry import (
    DigestSection,
    NewsKind,
    ReminderRule,
    register_news,
    register_reminder,
    register_section,
)
from coordination.personal_data.registry import register_personal_data
from coordination.pickers.registry import also_allow
from coordination.search.registry import register_search
from coordination.webhooks.registry import register_events
from coordination.work.registry import WorkSection, register_work

from . import digest, mywork, personal_data, search
from .models import CalendarFeed
from .news import (
    ACTION_ASSIGNED,
    IDEA_ANSWERED,
    IDEA_COMMENTED,
    POST_MODERATED,
    REPORT_BACK_ANSWERED,
    REPORT_TO_REVIEW,
)
from .permissions import holds_board_office

register_events(
    {
        "boards.board.create": gettext_lazy("A board or subgroup was set up"),
        "boards.board.update": gettext_lazy("A board's details changed"),
        "boards.meeting.create": gettext_lazy("A board meeting was arranged"),
        "boards.meeting.update": gettext_lazy("A board meeting was changed or moved"),
        "boards.meeting.cancel": gettext_lazy("A board meeting was cancelled"),
        "boards.minutes.publish": gettext_lazy("A meeting's minutes were published"),
        "boards.decision.record": gettext_lazy("A board recorded a decision"),
        "boards.decision.amend": gettext_lazy("A board amended or withdrew a decision"),
        "boards.action.create": gettext_lazy("A board gave someone an action"),
        "boards.action.progress": gettext_lazy("An action's progress changed"),
        "boards.report_back.submit": gettext_lazy("A subgroup reported back to its board"),
        "boards.report_back.respond": gettext_lazy(
            "A board responded to a subgroup's recommendation"
        ),
        "boards.proposal.create": gettext_lazy("A resident put forward an idea"),
        "boards.proposal.answer": gettext_lazy("A board answered a resident's idea"),
        "boards.proposal.update": gettext_lazy("A resident changed their idea"),
        "boards.proposal.withdraw": gettext_lazy("A resident withdrew their idea"),
        "boards.proposal.hide": gettext_lazy("A moderator hid a resident's idea"),
        "boards.proposal.restore": gettext_lazy("A moderator restored a hidden idea"),
        "boards.comment.create": gettext_lazy("Someone commented on a resident's idea"),
        "boards.comment.hide": gettext_lazy("A moderator hid a comment on an idea"),
        "boards.comment.restore": gettext_lazy("A moderator restored a hidden comment"),
    }
)

# An agenda item may be a private board's, so only those who see every board learn of its removal.
register_deletions({"boards.agenda_item.remove": ("agenda-items", "view_all_boards")})

register_reminder(
    ReminderRule(
        kind="boards_meeting_soon",
        label=gettext_lazy("A meeting of your board is in two days"),
        find_due=digest.meetings_soon,
        lead_times=(timedelta(days=2),),
    )
)

register_reminder(
    ReminderRule(
        kind="boards_papers_due",
        label=gettext_lazy("Papers for your agenda item are due"),
        find_due=digest.papers_due,
        lead_times=(timedelta(days=2),),
    )
)

register_reminder(
    ReminderRule(
        kind="boards_action_due",
        label=gettext_lazy("An action of yours is due"),
        find_due=digest.actions_due,
        lead_times=(timedelta(days=2),),
    )
)

register_reminder(
    ReminderRule(
        kind="boards_action_overdue",
        label=gettext_lazy("An action of yours is overdue"),
        find_due=digest.actions_overdue,
    )
)

register_reminder(
    ReminderRule(
        kind="boards_report_back_due",
        label=gettext_lazy("Your subgroup’s report-back is due"),
        find_due=digest.report_backs_due,
        lead_times=(timedelta(days=3),),
    )
)

register_reminder(
    ReminderRule(
        kind="boards_report_back_overdue",
        label=gettext_lazy("Your subgroup’s report-back is overdue"),
        find_due=digest.report_backs_overdue,
    )
)

register_section(
    DigestSection(
        key="boards_upcoming_meetings",
        title=lambda place: _("Your meetings in the coming week"),
        order=30,
        prefetch=digest.prefetch_meetings,
        items=digest.upcoming_meeting_items,
    )
)

register_section(
    DigestSection(
        key="boards_new_minutes",
        title=lambda place: _("New minutes"),
        order=31,
        prefetch=digest.prefetch_minutes,
        items=digest.new_minutes_items,
    )
)

register_section(
    DigestSection(
        key="boards_actions",
        title=lambda place: _("Your actions due"),
        order=32,
        prefetch=digest.prefetch_actions,
        items=digest.action_items,
    )
)

register_section(
    DigestSection(
        key="boards_proposals",
        title=lambda place: _("Ideas you supported that were withdrawn"),
        order=33,
        prefetch=digest.prefetch_proposals,
        items=digest.proposal_items,
    )
)

# News: each told once per event by the service that makes the change (see boards/news.py).

register_news(
    NewsKind(
        kind=ACTION_ASSIGNED,
        label=gettext_lazy("An action is given to you"),
        description=gettext_lazy(
            "When a board records an action for you, or passes an action on to you."
        ),
        order=100,
    )
)

register_news(
    NewsKind(
        kind=REPORT_BACK_ANSWERED,
        label=gettext_lazy("A board answers your subgroup’s report-back"),
        description=gettext_lazy(
            "When the parent board responds to a recommendation of a report-back your subgroup "
            "sent, or that you submitted."
        ),
        order=110,
    )
)

register_news(
    NewsKind(
        kind=IDEA_ANSWERED,
        label=gettext_lazy("A board answers an idea of yours or one you support"),
        description=gettext_lazy(
            "When a community board answers an idea you put forward or support, or changes its "
            "answer."
        ),
        order=120,
    )
)

register_news(
    NewsKind(
        kind=IDEA_COMMENTED,
        label=gettext_lazy("Someone comments on an idea of yours"),
        description=gettext_lazy("When someone comments on an idea you put forward."),
        default="digest",
        order=125,
    )
)

register_news(
    NewsKind(
        kind=POST_MODERATED,
        label=gettext_lazy("A moderator hides or restores something you posted"),
        description=gettext_lazy(
            "When a moderator hides an idea or comment of yours, with the reason, or puts it back."
        ),
        order=126,
    )
)

register_news(
    NewsKind(
        kind=REPORT_TO_REVIEW,
        label=gettext_lazy("Someone reports a post you moderate"),
        description=gettext_lazy(
            "For the chair, vice-chair and secretary of a community group, and place admins: "
            "when someone reports an idea or comment on the group."
        ),
        default="digest",
        order=127,
    )
)

# My work.

EVERYONE = gettext_lazy("Everyone")
SECRETARIES = gettext_lazy("Board secretaries")

register_work(
    WorkSection(
        key="boards_my_actions",
        title=gettext_lazy("My actions"),
        audience=EVERYONE,
        items=mywork.my_actions,
        empty=gettext_lazy(
            "Actions a board gives you appear here with their due dates, until they are done."
        ),
        order=100,
    )
)

register_work(
    WorkSection(
        key="boards_my_meetings",
        title=gettext_lazy("My next meetings"),
        audience=EVERYONE,
        items=mywork.my_meetings,
        empty=gettext_lazy(
            "Meetings in the next 60 days of the boards you sit on, and public meetings you "
            "registered for, appear here with whether their papers are published."
        ),
        order=110,
    )
)

register_work(
    WorkSection(
        key="boards_report_backs_due",
        title=gettext_lazy("Report-backs due from my subgroups"),
        audience=gettext_lazy("Subgroup chairs, vice-chairs and secretaries"),
        items=mywork.my_report_backs,
        empty=gettext_lazy(
            "Report-backs due from the subgroups you chair or are secretary of appear here, "
            "until they are submitted."
        ),
        relevant=mywork.leads_a_subgroup,
        order=120,
    )
)

register_work(
    WorkSection(
        key="boards_my_ideas_and_questions",
        title=gettext_lazy("Answers to my ideas and questions"),
        audience=EVERYONE,
        items=mywork.my_ideas_and_questions,
        empty=gettext_lazy(
            "Ideas you put forward and questions you send to public meetings appear here while "
            "they await an answer, and for 30 days after they are answered."
        ),
        order=130,
    )
)

register_work(
    WorkSection(
        key="boards_ideas_to_answer",
        title=gettext_lazy("Ideas awaiting an answer"),
        audience=SECRETARIES,
        items=mywork.ideas_to_answer,
        empty=gettext_lazy(
            "Residents’ ideas to the boards you are secretary of appear here until the board "
            "answers them."
        ),
        relevant=mywork.is_secretary,
        order=150,
    )
)

register_work(
    WorkSection(
        key="boards_reports_to_review",
        title=gettext_lazy("Reports to review"),
        audience=gettext_lazy("Moderators of community groups"),
        items=mywork.reports_to_review,
        empty=gettext_lazy(
            "Ideas and comments someone reported on the groups you moderate appear here until "
            "you hide or keep them."
        ),
        relevant=mywork.moderates_anything,
        order=155,
    )
)

register_work(
    WorkSection(
        key="boards_votes_to_record",
        title=gettext_lazy("Votes and declarations to record"),
        audience=SECRETARIES,
        items=mywork.votes_to_record,
        empty=gettext_lazy(
            "Items put to a vote at your boards’ meetings appear here while members present "
            "have neither voted nor declared an interest."
        ),
        relevant=mywork.is_secretary,
        order=160,
    )
)

register_work(
    WorkSection(
        key="boards_minutes_to_approve",
        title=gettext_lazy("Minutes to approve"),
        audience=SECRETARIES,
        items=mywork.minutes_to_approve,
        empty=gettext_lazy(
            "Meetings of your boards held in the last 90 days appear here until their minutes "
            "are published."
        ),
        relevant=mywork.is_secretary,
        order=170,
    )
)

for _entry in personal_data.ENTRIES:
    register_personal_data(_entry)

# A board's officers seat people and assign actions, so they may look through the place's people
# in those forms' pickers, as place admins and council officers may.
also_allow("people", holds_board_office)

# Search (docs/search.md): what boards make searchable, each kind checked by its visibility selector.

for _kind in search.KINDS:
    register_search(_kind)

# A personal calendar link is its holder's alone: writing one changes no public page.
register_unseen(CalendarFeed, "a person's own calendar link")
