"""API representations of tenders and what hangs off them; writes go to commissioning.services.

Related fields are place-scoped (another place's id "does not exist"); who made a comment or asked
a question is left out for everyone but the commissioning team. Each topic has its module; every
public serializer is importable from here.
"""

from .bids import (
    FeedbackRequestSerializer,
    ScoreSerializer,
    ScoresRequestSerializer,
    SubmissionSerializer,
    TenderAwardSerializer,
    participant_labels_for,
)
from .co_design import (
    CommentResponseSerializer,
    CommentSerializer,
    DiffLineSerializer,
    SectionReviseSerializer,
    SectionSerializer,
    SectionVersionSerializer,
    VersionChangeSerializer,
)
from .engagement import (
    AnswerSerializer,
    ClarificationSerializer,
    TenderInvitationSendSerializer,
    TenderInvitationSerializer,
)
from .tenders import (
    AmendmentChangeSerializer,
    BidOpeningSerializer,
    CriterionRequestSerializer,
    CriterionSerializer,
    DemandPeriodSerializer,
    InvitationCountsSerializer,
    LotRequestSerializer,
    LotSerializer,
    OrganisationRequestSerializer,
    ProportionalitySerializer,
    StageChangeRequestSerializer,
    StageChangeSerializer,
    SuggestionSerializer,
    TenderAmendmentSerializer,
    TenderSerializer,
    TenderUpdateSerializer,
)

__all__ = [
    "AmendmentChangeSerializer",
    "AnswerSerializer",
    "BidOpeningSerializer",
    "ClarificationSerializer",
    "CommentResponseSerializer",
    "CommentSerializer",
    "CriterionRequestSerializer",
    "CriterionSerializer",
    "DemandPeriodSerializer",
    "DiffLineSerializer",
    "FeedbackRequestSerializer",
    "InvitationCountsSerializer",
    "LotRequestSerializer",
    "LotSerializer",
    "OrganisationRequestSerializer",
    "ProportionalitySerializer",
    "ScoreSerializer",
    "ScoresRequestSerializer",
    "SectionReviseSerializer",
    "SectionSerializer",
    "SectionVersionSerializer",
    "StageChangeRequestSerializer",
    "StageChangeSerializer",
    "SubmissionSerializer",
    "SuggestionSerializer",
    "TenderAmendmentSerializer",
    "TenderAwardSerializer",
    "TenderInvitationSendSerializer",
    "TenderInvitationSerializer",
    "TenderSerializer",
    "TenderUpdateSerializer",
    "VersionChangeSerializer",
    "participant_labels_for",
]
