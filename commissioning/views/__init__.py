"""Commissioning pages: public tender lists, timelines, co-design and awards (no sign-in needed), and
the forms officers and charities use. Views fetch through the place and call services; nothing more.
Each topic lives in its own module; every view is importable from here for the URLconf.
"""

from .amendments import AmendmentPublishView, TenderRemoveView
from .bids import (
    AwardView,
    CriterionAddView,
    CriterionRemoveView,
    CriterionUpdateView,
    FeedbackView,
    ScoreView,
    SubmissionDetailView,
    SubmissionListView,
    SubmitView,
    WithdrawView,
)
from .co_design import (
    CoDesignJoinView,
    CoDesignView,
    CommentCreateView,
    CommentRespondView,
    SectionAddView,
    SectionHistoryView,
    SectionReviseView,
    SessionAddView,
    SessionUpdateView,
)
from .engagement import (
    AnswerView,
    InterestView,
    InvitationAcknowledgeView,
    InvitationView,
    QuestionAskView,
)
from .figures import CommissioningPolicyView, FiguresView, ocds_csv, ocds_release_package
from .tenders import (
    DemandPeriodAddView,
    LotAddView,
    LotRemoveView,
    LotUpdateView,
    StageChangeView,
    TenderCreateView,
    TenderDetailView,
    TenderListView,
    TenderUpdateView,
    TimelineView,
)

__all__ = [
    "AmendmentPublishView",
    "TenderRemoveView",
    "AnswerView",
    "AwardView",
    "CoDesignJoinView",
    "CoDesignView",
    "CommentCreateView",
    "CommentRespondView",
    "CriterionAddView",
    "CriterionRemoveView",
    "CriterionUpdateView",
    "DemandPeriodAddView",
    "FeedbackView",
    "CommissioningPolicyView",
    "FiguresView",
    "InterestView",
    "InvitationAcknowledgeView",
    "InvitationView",
    "LotAddView",
    "LotRemoveView",
    "LotUpdateView",
    "QuestionAskView",
    "ScoreView",
    "SectionAddView",
    "SectionHistoryView",
    "SectionReviseView",
    "SessionAddView",
    "SessionUpdateView",
    "StageChangeView",
    "SubmissionDetailView",
    "SubmissionListView",
    "SubmitView",
    "TenderCreateView",
    "TenderDetailView",
    "TenderListView",
    "TenderUpdateView",
    "TimelineView",
    "WithdrawView",
    "ocds_csv",
    "ocds_release_package",
]
