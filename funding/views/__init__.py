"""Funding pages: public programmes, figures and deadlines; bids for charities; reviews for funders;
the shared pipeline for funders; community boards' funds and what their boards do with applications.

One module a topic; the URLs name the views from here.
"""

from .applying import (
    BidAnswersView,
    BidDocumentDownloadView,
    QuestionAddView,
    QuestionRemoveView,
    RequirementAddView,
    RequirementRemoveView,
)
from .bids import (
    AttachmentDownloadView,
    AttachmentRemoveView,
    BidActionView,
    BidCreateView,
    BidDetailView,
    BidListView,
    BidUpdateView,
)
from .board_funds import FundApplyView, FundCreateView, FundDetailView, FundListView, FundUpdateView
from .budgeting import (
    BudgetProjectAddView,
    BudgetProjectRemoveView,
    BudgetResultsPublishView,
    BudgetRoundCreateView,
    BudgetRoundDetailView,
    BudgetRoundUpdateView,
)
from .decisions import BidAwardView, BidDeclineView, FeedbackEditView, FeedbackHelpedView
from .figures import CalendarView, FiguresView, FunderFiguresView, FundingPolicyView
from .fund_applications import (
    FundApplicationFormView,
    FundDecideView,
    FundPaymentView,
    FundScheduleView,
    GrantReportView,
    GrantWithdrawView,
)
from .funder_coordination import CoFundOfferView, CoordinationView, DuplicateCheckConsentView
from .programmes import (
    ProgrammeCreateView,
    ProgrammeDetailView,
    ProgrammeListView,
    ProgrammeUpdateView,
)
from .variations import VariationDecideView, VariationRequestView, VariationWithdrawView

__all__ = [
    "BidAnswersView",
    "BidDocumentDownloadView",
    "QuestionAddView",
    "QuestionRemoveView",
    "RequirementAddView",
    "RequirementRemoveView",
    "BudgetProjectAddView",
    "BudgetProjectRemoveView",
    "BudgetResultsPublishView",
    "BudgetRoundCreateView",
    "BudgetRoundDetailView",
    "BudgetRoundUpdateView",
    "AttachmentDownloadView",
    "AttachmentRemoveView",
    "BidActionView",
    "BidAwardView",
    "BidCreateView",
    "BidDeclineView",
    "BidDetailView",
    "BidListView",
    "BidUpdateView",
    "CalendarView",
    "CoFundOfferView",
    "CoordinationView",
    "DuplicateCheckConsentView",
    "FeedbackEditView",
    "FeedbackHelpedView",
    "FiguresView",
    "FundApplicationFormView",
    "FundApplyView",
    "FundCreateView",
    "FundDecideView",
    "FundDetailView",
    "FundListView",
    "FundPaymentView",
    "FundScheduleView",
    "FundUpdateView",
    "FunderFiguresView",
    "FundingPolicyView",
    "GrantReportView",
    "GrantWithdrawView",
    "ProgrammeCreateView",
    "ProgrammeDetailView",
    "ProgrammeListView",
    "ProgrammeUpdateView",
    "VariationDecideView",
    "VariationRequestView",
    "VariationWithdrawView",
]
