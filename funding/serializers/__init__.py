"""API representations of funding: programmes, bids, decisions and feedback, figures, and
community board funds; writes go to funding.services.

A bid in full is for its applicant's and its funder's members; other funders get SharedBidSerializer
(consented summaries), the public GrantSerializer (awards only). Each topic has its module; every
public serializer is importable from here.
"""

from .applying import (
    AnswersSerializer,
    ApplicationSerializer,
    ProgrammeQuestionSerializer,
    QuestionRemoveSerializer,
    RequirementSerializer,
)
from .bids import (
    AttachmentRemoveSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BidEventSerializer,
    BidSerializer,
    GrantSerializer,
    SharedBidSerializer,
)
from .board_funds import (
    BoardFundSerializer,
    FundApplicationSerializer,
    FundDecisionSerializer,
    FundPaymentReadSerializer,
    FundPaymentSerializer,
    FundPrioritySerializer,
    FundScheduleSerializer,
    GrantReportReadSerializer,
    GrantReportSerializer,
    GrantWithdrawSerializer,
)
from .budgeting import (
    BallotReceiptSerializer,
    BallotSerializer,
    BudgetProjectCreateSerializer,
    BudgetProjectRemoveSerializer,
    BudgetProjectSerializer,
    BudgetRoundSerializer,
)
from .decisions import (
    AwardSerializer,
    DeclineSerializer,
    FeedbackChangeSerializer,
    FeedbackRatingSerializer,
    FeedbackSerializer,
)
from .figures import (
    CoordinationSerializer,
    FiguresSerializer,
    FlagSerializer,
    FunderFiguresSerializer,
    PlaceFiguresSerializer,
    UnmetNeedSerializer,
)
from .programmes import ProgrammeSerializer
from .variations import GrantVariationSerializer, VariationDecisionSerializer

__all__ = [
    "AnswersSerializer",
    "ApplicationSerializer",
    "ProgrammeQuestionSerializer",
    "QuestionRemoveSerializer",
    "RequirementSerializer",
    "BallotReceiptSerializer",
    "BallotSerializer",
    "BudgetProjectCreateSerializer",
    "BudgetProjectRemoveSerializer",
    "BudgetProjectSerializer",
    "BudgetRoundSerializer",
    "AttachmentRemoveSerializer",
    "AttachmentSerializer",
    "AttachmentUploadSerializer",
    "AwardSerializer",
    "BidEventSerializer",
    "BidSerializer",
    "BoardFundSerializer",
    "CoordinationSerializer",
    "DeclineSerializer",
    "FeedbackChangeSerializer",
    "FeedbackRatingSerializer",
    "FeedbackSerializer",
    "FiguresSerializer",
    "FlagSerializer",
    "FundApplicationSerializer",
    "FundDecisionSerializer",
    "FundPaymentReadSerializer",
    "FundPaymentSerializer",
    "FundPrioritySerializer",
    "FundScheduleSerializer",
    "FunderFiguresSerializer",
    "GrantReportReadSerializer",
    "GrantReportSerializer",
    "GrantSerializer",
    "GrantWithdrawSerializer",
    "PlaceFiguresSerializer",
    "ProgrammeSerializer",
    "SharedBidSerializer",
    "UnmetNeedSerializer",
    "GrantVariationSerializer",
    "VariationDecisionSerializer",
]
