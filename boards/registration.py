"""Everything boards plug into the core: the changes partners may subscribe to (webhooks), the
removals the API lists, the reminders and the digest sections.

A webhook delivery names only the object; the partner reads it through the API with its key, which
sees what its maker may see (a private board's meeting stays private).
"""

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
from coordination.webhooks.registry import register_events

from . import digest

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
        title=lambda place: _("Ideas you proposed or supported"),
        order=33,
        prefetch=digest.prefetch_proposals,
        items=digest.proposal_items,
    )
)
