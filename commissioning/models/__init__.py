"""Commissioning: tenders and their public stage timeline, co-design, clarifications, invitations,
submissions, evaluation and awards.

Every row belongs to one place. The stage machine is declared in ``tenders`` (STAGE_TRANSITIONS) and
enforced by ``Tender.check_transition``; the services are the only code that moves a tender between
stages. Each topic lives in its own module; every model and choice is importable from here.
"""

from .amendments import (
    AMENDABLE_FIELDS,
    AMENDMENT_STAGES,
    DEADLINE_FIELDS,
    TenderAmendment,
)
from .bids import Award, Criterion, Score, Submission, SubmissionStatus
from .co_design import (
    CoDesignMember,
    CoDesignSession,
    Comment,
    ResponseKind,
    SectionVersion,
    SpecificationSection,
)
from .engagement import Clarification, Interest, TenderInvitation
from .opening import BidOpening
from .policy import DEFAULT_UNIT_VALUE_FALL, CommissioningPolicy
from .tenders import (
    LIVE_STAGES,
    STAGE_TRANSITIONS,
    UPCOMING_STAGES,
    DemandPeriod,
    Lot,
    ProcurementMethod,
    Stage,
    Tender,
    TenderStageChange,
)

__all__ = [
    "DEFAULT_UNIT_VALUE_FALL",
    "CommissioningPolicy",
    "AMENDABLE_FIELDS",
    "AMENDMENT_STAGES",
    "DEADLINE_FIELDS",
    "LIVE_STAGES",
    "STAGE_TRANSITIONS",
    "UPCOMING_STAGES",
    "Award",
    "BidOpening",
    "Clarification",
    "CoDesignMember",
    "CoDesignSession",
    "Comment",
    "Criterion",
    "DemandPeriod",
    "Interest",
    "Lot",
    "ProcurementMethod",
    "ResponseKind",
    "Score",
    "SectionVersion",
    "SpecificationSection",
    "Stage",
    "Submission",
    "SubmissionStatus",
    "Tender",
    "TenderAmendment",
    "TenderInvitation",
    "TenderStageChange",
]
