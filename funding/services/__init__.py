"""Every change to funding: programmes, bids and their documents, funders' decisions and feedback,
grant variations, co-funding offers, and community boards' funds with their applications,
decisions and grants. Each is checked, in a transaction, with its audit entry; one module a topic.

A refused change raises RuleViolation (field messages where a field is at fault) and changes nothing.
Helpers the topics share live in ``_common``; a topic that builds on another's journey (a board
fund's application is a bid, its decision an award or a decline) imports that module's helper.
"""

from .applying import (
    bid_answers_save,
    check_application_complete,
    question_add,
    question_remove,
    requirement_add,
    requirement_remove,
)
from .attachments import (
    MAX_ATTACHMENTS,
    attachment_add,
    attachment_remove,
    check_attachments,
    max_attachment_bytes,
)
from .bids import BID_FIELDS, bid_create, bid_submit, bid_update, bid_withdraw
from .board_funds import FUND_FIELDS, fund_create, fund_update
from .budgeting import (
    ROUND_FIELDS,
    available_for_round,
    budget_ballot_cast,
    budget_project_add,
    budget_project_remove,
    budget_results_publish,
    budget_round_create,
    budget_round_update,
    select_projects,
)
from .cofunding import cofund_offer, duplicate_check_consent
from .decisions import bid_award, bid_decline, bid_start_review
from .feedback import feedback_rate, feedback_release, feedback_update
from .fund_applications import fund_application_create, fund_application_schedule, is_short_form
from .fund_decisions import fund_application_decide
from .fund_grants import fund_grant_withdraw, fund_payment_record, grant_report_submit
from .policy import funding_policy_update
from .programmes import PROGRAMME_FIELDS, programme_create, programme_update
from .snapshots import figures_changed, figures_snapshot_of, figures_snapshot_refresh
from .variations import variation_decide, variation_request, variation_withdraw

__all__ = [
    "figures_changed",
    "figures_snapshot_of",
    "figures_snapshot_refresh",
    "bid_answers_save",
    "check_application_complete",
    "question_add",
    "question_remove",
    "requirement_add",
    "requirement_remove",
    "BID_FIELDS",
    "FUND_FIELDS",
    "MAX_ATTACHMENTS",
    "PROGRAMME_FIELDS",
    "ROUND_FIELDS",
    "attachment_add",
    "attachment_remove",
    "available_for_round",
    "bid_award",
    "bid_create",
    "bid_decline",
    "bid_start_review",
    "bid_submit",
    "bid_update",
    "bid_withdraw",
    "budget_ballot_cast",
    "budget_project_add",
    "budget_project_remove",
    "budget_results_publish",
    "budget_round_create",
    "budget_round_update",
    "check_attachments",
    "cofund_offer",
    "duplicate_check_consent",
    "feedback_rate",
    "feedback_release",
    "feedback_update",
    "fund_application_create",
    "fund_application_decide",
    "fund_application_schedule",
    "fund_create",
    "fund_grant_withdraw",
    "fund_payment_record",
    "fund_update",
    "funding_policy_update",
    "grant_report_submit",
    "is_short_form",
    "max_attachment_bytes",
    "programme_create",
    "programme_update",
    "select_projects",
    "variation_decide",
    "variation_request",
    "variation_withdraw",
]
