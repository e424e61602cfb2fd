"""Funding: funders' programmes, the bids charities make to them, decisions and feedback, changes
asked for grants (variations), co-funding offers, and community boards' funds.

Programmes are shared between the places they run in; bids and everything hanging off them are
owned by one place (PlaceScoped, fail-closed). Every model is imported here, so Django finds them
and ``funding.models.X`` names them as migrations do.
"""

from .applying import (
    MAX_QUESTIONS,
    MAX_WORD_LIMIT,
    BidAnswer,
    BidDocument,
    ProgrammeDocumentRequirement,
    ProgrammeQuestion,
    word_count,
    word_limit_error,
)
from .bids import (
    DECIDED_STATES,
    LIVE_STATES,
    TRANSITIONS,
    Bid,
    BidAttachment,
    BidEvent,
    BidState,
    attachment_upload_to,
    award_months,
    days_to_release,
    feedback_is_overdue,
)
from .board_funds import (
    SHORT_FORM_LIMIT,
    BoardFund,
    FundApplication,
    FundOutcome,
    FundPayment,
    FundPriority,
    GrantReport,
)
from .cofunding import CoFundOffer, DuplicateCheckConsent
from .feedback import DeclineReason, Feedback
from .policy import DEFAULT_SHORT_TERM_MONTHS, FundingPolicy
from .programmes import FAIR_APPLICATION_WINDOW, MONEY, FundingType, Programme
from .snapshots import FiguresSnapshot
from .variations import (
    VARIATION_DECIDED_STATES,
    GrantVariation,
    VariationKind,
    VariationState,
)

# isort: off
# Last: the place export writes rows in the order the app registry lists models.
from .budgeting import BudgetBallot, BudgetChoice, BudgetPhase, BudgetProject, BudgetRound

# isort: on

__all__ = [
    "FiguresSnapshot",
    "MAX_QUESTIONS",
    "MAX_WORD_LIMIT",
    "BidAnswer",
    "BidDocument",
    "ProgrammeDocumentRequirement",
    "ProgrammeQuestion",
    "word_count",
    "word_limit_error",
    "BudgetBallot",
    "BudgetChoice",
    "BudgetPhase",
    "BudgetProject",
    "BudgetRound",
    "DECIDED_STATES",
    "FAIR_APPLICATION_WINDOW",
    "LIVE_STATES",
    "MONEY",
    "SHORT_FORM_LIMIT",
    "TRANSITIONS",
    "Bid",
    "BidAttachment",
    "BidEvent",
    "BidState",
    "BoardFund",
    "CoFundOffer",
    "DuplicateCheckConsent",
    "DeclineReason",
    "Feedback",
    "FundApplication",
    "FundOutcome",
    "FundPayment",
    "FundPriority",
    "FundingType",
    "GrantReport",
    "GrantVariation",
    "Programme",
    "VARIATION_DECIDED_STATES",
    "VariationKind",
    "VariationState",
    "attachment_upload_to",
    "award_months",
    "DEFAULT_SHORT_TERM_MONTHS",
    "FundingPolicy",
    "days_to_release",
    "feedback_is_overdue",
]
