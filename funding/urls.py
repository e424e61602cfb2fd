"""Routes under /<place>/funding/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import exports, views

app_name = "funding"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme_update"),
    path("programmes/<int:pk>/apply/", views.BidCreateView.as_view(), name="bid_create"),
    path(
        "programmes/<int:pk>/questions/new/",
        views.QuestionAddView.as_view(),
        name="question_add",
    ),
    path(
        "programmes/<int:pk>/documents/new/",
        views.RequirementAddView.as_view(),
        name="requirement_add",
    ),
    path(
        "programme-questions/<int:pk>/remove/",
        views.QuestionRemoveView.as_view(),
        name="question_remove",
    ),
    path(
        "programme-documents/<int:pk>/remove/",
        views.RequirementRemoveView.as_view(),
        name="requirement_remove",
    ),
    path("bids/", views.BidListView.as_view(), name="bid_list"),
    path("bids/<int:pk>/", views.BidDetailView.as_view(), name="bid_detail"),
    path("bids/<int:pk>/edit/", views.BidUpdateView.as_view(), name="bid_update"),
    path("bids/<int:pk>/answers/", views.BidAnswersView.as_view(), name="bid_answers"),
    path(
        "bid-documents/<int:pk>/",
        views.BidDocumentDownloadView.as_view(),
        name="bid_document_download",
    ),
    path("bids/<int:pk>/submit/", views.BidActionView.as_view(action="submit"), name="bid_submit"),
    path(
        "bids/<int:pk>/withdraw/",
        views.BidActionView.as_view(action="withdraw"),
        name="bid_withdraw",
    ),
    path("bids/<int:pk>/review/", views.BidActionView.as_view(action="review"), name="bid_review"),
    path("bids/<int:pk>/award/", views.BidAwardView.as_view(), name="bid_award"),
    path("bids/<int:pk>/decline/", views.BidDeclineView.as_view(), name="bid_decline"),
    path("bids/<int:pk>/feedback/edit/", views.FeedbackEditView.as_view(), name="feedback_edit"),
    path(
        "bids/<int:pk>/feedback/release/",
        views.BidActionView.as_view(action="release"),
        name="feedback_release",
    ),
    path(
        "bids/<int:pk>/feedback/helped/",
        views.FeedbackHelpedView.as_view(),
        name="feedback_helped",
    ),
    path(
        "attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "attachments/<int:pk>/remove/",
        views.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path("bids/<int:pk>/co-fund/", views.CoFundOfferView.as_view(), name="cofund_offer"),
    path("coordination/", views.CoordinationView.as_view(), name="coordination"),
    path(
        "coordination/duplicate-checks/",
        views.DuplicateCheckConsentView.as_view(),
        name="duplicate_check_consent",
    ),
    path(
        "bids/<int:pk>/variations/new/",
        views.VariationRequestView.as_view(),
        name="variation_request",
    ),
    path(
        "variations/<int:pk>/decide/", views.VariationDecideView.as_view(), name="variation_decide"
    ),
    path(
        "variations/<int:pk>/withdraw/",
        views.VariationWithdrawView.as_view(),
        name="variation_withdraw",
    ),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("figures/short-term/", views.FundingPolicyView.as_view(), name="funding_policy"),
    path("figures/funders/<int:pk>/", views.FunderFiguresView.as_view(), name="funder_figures"),
    path("deadlines/", views.CalendarView.as_view(), name="calendar"),
    path("board-funds/", views.FundListView.as_view(), name="fund_list"),
    path("board-funds/new/", views.FundCreateView.as_view(), name="fund_create"),
    path("board-funds/<int:pk>/", views.FundDetailView.as_view(), name="fund_detail"),
    path("board-funds/<int:pk>/edit/", views.FundUpdateView.as_view(), name="fund_update"),
    path("board-funds/<int:pk>/apply/", views.FundApplyView.as_view(), name="fund_apply"),
    path(
        "board-funds/<int:pk>/rounds/new/",
        views.BudgetRoundCreateView.as_view(),
        name="budget_round_create",
    ),
    path(
        "budget-rounds/<int:pk>/", views.BudgetRoundDetailView.as_view(), name="budget_round_detail"
    ),
    path(
        "budget-rounds/<int:pk>/edit/",
        views.BudgetRoundUpdateView.as_view(),
        name="budget_round_update",
    ),
    path(
        "budget-rounds/<int:pk>/projects/new/",
        views.BudgetProjectAddView.as_view(),
        name="budget_project_add",
    ),
    path(
        "budget-rounds/<int:pk>/publish/",
        views.BudgetResultsPublishView.as_view(),
        name="budget_results_publish",
    ),
    path(
        "budget-projects/<int:pk>/remove/",
        views.BudgetProjectRemoveView.as_view(),
        name="budget_project_remove",
    ),
    path(
        "fund-applications/<int:pk>/agenda/",
        views.FundScheduleView.as_view(),
        name="fund_application_schedule",
    ),
    path(
        "fund-applications/<int:pk>/decide/",
        views.FundDecideView.as_view(),
        name="fund_application_decide",
    ),
    path(
        "fund-applications/<int:pk>/payments/new/",
        views.FundPaymentView.as_view(),
        name="fund_payment",
    ),
    path(
        "fund-applications/<int:pk>/withdraw/",
        views.GrantWithdrawView.as_view(),
        name="grant_withdraw",
    ),
    path(
        "fund-applications/<int:pk>/report/", views.GrantReportView.as_view(), name="grant_report"
    ),
    path("360giving.json", exports.GrantsJsonView.as_view(), name="grants_json"),
    path("360giving.csv", exports.GrantsCsvView.as_view(), name="grants_csv"),
]
