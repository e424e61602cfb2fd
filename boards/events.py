"""Boards' changes partner systems may subscribe to (webhooks).

A delivery names only the object; the partner reads it through the API with its key, which sees
what its maker may see (a private board's meeting stays private).
"""

from django.utils.translation import gettext_lazy as _

from coordination.api.deletions import register_deletions
from coordination.webhooks.registry import register_events

register_events(
    {
        "board.create": _("A board or subgroup was set up"),
        "board.update": _("A board's details changed"),
        "meeting.create": _("A board meeting was arranged"),
        "meeting.update": _("A board meeting was changed or moved"),
        "meeting.cancel": _("A board meeting was cancelled"),
        "meeting.minutes_publish": _("A meeting's minutes were published"),
        "meeting.decision": _("A board recorded a decision"),
        "action.create": _("A board gave someone an action"),
        "action.update": _("An action's progress changed"),
        "report_back.submit": _("A subgroup reported back to its board"),
        "report_back.respond": _("A board responded to a subgroup's recommendation"),
        "proposal.create": _("A resident put forward an idea"),
        "proposal.answer": _("A board answered a resident's idea"),
    }
)

# Removals, for the sync tombstones (GET .../deletions/). An agenda item may be a private board's,
# so only those who see every board learn of its removal.
register_deletions({"meeting.agenda_item_remove": ("agenda-items", "view_all_boards")})
