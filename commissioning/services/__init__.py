"""Every change to a tender and what hangs off it: each in a transaction, audited, and refused with a
RuleViolation (a message for the person, on the field it concerns) when it breaks a rule.

Times are compared as instants; the messages show them in the place's timezone. Each topic lives in
its own module (tenders and lots, amendments, removal, stages, criteria, co-design, invitations and
interest, clarifications, submissions and scoring, the opening of sealed bids, awards); every service
is importable from here.
"""

from ._common import NOTIFICATION_KIND, local_time
from .amendments import amendment_publish
from .awards import award_make, feedback_give
from .clarifications import clarification_answer, clarification_ask
from .co_design import (
    co_design_join,
    comment_add,
    comment_respond,
    latest_version,
    section_add,
    section_revise,
    session_record,
    session_update,
)
from .criteria import criterion_add, criterion_remove, criterion_update
from .invitations import (
    interest_register,
    invitation_acknowledge,
    invitations_send,
)
from .opening import bids_open, bids_open_due
from .policy import commissioning_policy_update
from .removal import tender_remove
from .stages import tender_change_stage
from .submissions import (
    score_record,
    scores_record,
    submission_submit,
    submission_withdraw,
    unscored,
)
from .tenders import (
    demand_period_add,
    lot_add,
    lot_remove,
    lot_update,
    tender_create,
    tender_update,
)

__all__ = [
    "commissioning_policy_update",
    "amendment_publish",
    "tender_remove",
    "NOTIFICATION_KIND",
    "award_make",
    "bids_open",
    "bids_open_due",
    "clarification_answer",
    "clarification_ask",
    "co_design_join",
    "comment_add",
    "comment_respond",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "demand_period_add",
    "feedback_give",
    "interest_register",
    "invitation_acknowledge",
    "invitations_send",
    "latest_version",
    "local_time",
    "lot_add",
    "lot_remove",
    "lot_update",
    "score_record",
    "scores_record",
    "section_add",
    "section_revise",
    "session_record",
    "session_update",
    "submission_submit",
    "submission_withdraw",
    "tender_change_stage",
    "tender_create",
    "tender_update",
    "unscored",
]
