"""Every change to boards, meetings, report-backs and proposals: validated, atomic and audited.

Callers (views, API) check what the person may do with boards.permissions first; these functions
keep the rules of the domain and refuse what breaks them with a RuleViolation. Each topic has its
module; every public function is importable from here.
"""

from .actions import ACTION_FIELDS, action_create, action_edit, action_update
from .agenda import (
    AGENDA_ITEM_FIELDS,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    records_on,
)
from .attendance import attendance_record, attendance_register, rota_assign, rota_pick
from .boards import (
    BOARD_FIELDS,
    MEMBERSHIP_FIELDS,
    board_create,
    board_membership_add,
    board_membership_end,
    board_membership_update,
    board_update,
)
from .calendars import calendar_feed_for
from .comments import comment_create
from .interests import declaration_record, vote_record
from .meetings import (
    MEETING_FIELDS,
    meeting_cancel,
    meeting_create,
    meeting_register,
    meeting_update,
    question_send,
)
from .minutes import decision_record, minutes_save
from .moderation import (
    check_posting_rate,
    moderators,
    post_hide,
    post_keep,
    post_restore,
    report_create,
)
from .papers import check_paper_file, paper_upload
from .proposals import (
    proposal_answer,
    proposal_create,
    proposal_support,
    proposal_unsupport,
    proposal_update,
    proposal_withdraw,
)
from .records import (
    DECISION_AMENDABLE,
    DECLARATION_AMENDABLE,
    VOTE_AMENDABLE,
    decision_amend,
    declaration_amend,
    vote_amend,
)
from .report_backs import recommendation_respond, report_back_open, report_back_submit
from .structures import (
    STRUCTURE_FIELDS,
    structure_create,
    structure_group_add,
    structure_update,
)

__all__ = [
    "DECISION_AMENDABLE",
    "DECLARATION_AMENDABLE",
    "VOTE_AMENDABLE",
    "declaration_amend",
    "decision_amend",
    "vote_amend",
    "ACTION_FIELDS",
    "AGENDA_ITEM_FIELDS",
    "BOARD_FIELDS",
    "MEETING_FIELDS",
    "MEMBERSHIP_FIELDS",
    "STRUCTURE_FIELDS",
    "structure_create",
    "structure_group_add",
    "structure_update",
    "action_create",
    "action_edit",
    "action_update",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "records_on",
    "attendance_record",
    "attendance_register",
    "board_create",
    "board_membership_add",
    "board_membership_end",
    "board_membership_update",
    "board_update",
    "calendar_feed_for",
    "check_paper_file",
    "declaration_record",
    "decision_record",
    "meeting_cancel",
    "meeting_create",
    "meeting_register",
    "meeting_update",
    "minutes_save",
    "paper_upload",
    "check_posting_rate",
    "comment_create",
    "moderators",
    "post_hide",
    "post_keep",
    "post_restore",
    "report_create",
    "proposal_answer",
    "proposal_create",
    "proposal_support",
    "proposal_unsupport",
    "proposal_update",
    "proposal_withdraw",
    "question_send",
    "recommendation_respond",
    "report_back_open",
    "report_back_submit",
    "rota_assign",
    "rota_pick",
    "vote_record",
]
