"""Routes under /<place>/commissioning/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import views

app_name = "commissioning"

urlpatterns = [
    path("", views.TenderListView.as_view(), name="tender_list"),
    path("new/", views.TenderCreateView.as_view(), name="tender_create"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path(
        "figures/proportionality/",
        views.CommissioningPolicyView.as_view(),
        name="proportionality_policy",
    ),
    path("ocds.json", views.ocds_release_package, name="ocds"),
    path("tenders.csv", views.ocds_csv, name="ocds_csv"),
    path("<int:pk>/", views.TenderDetailView.as_view(), name="tender_detail"),
    path("<int:pk>/edit/", views.TenderUpdateView.as_view(), name="tender_update"),
    path("<int:pk>/stage/", views.StageChangeView.as_view(), name="stage_change"),
    path("<int:pk>/amend/", views.AmendmentPublishView.as_view(), name="amendment_publish"),
    path("<int:pk>/remove/", views.TenderRemoveView.as_view(), name="tender_remove"),
    path("<int:pk>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("<int:pk>/co-design/", views.CoDesignView.as_view(), name="co_design"),
    path("<int:pk>/co-design/join/", views.CoDesignJoinView.as_view(), name="co_design_join"),
    path("<int:pk>/co-design/sections/new/", views.SectionAddView.as_view(), name="section_add"),
    path("<int:pk>/co-design/sessions/new/", views.SessionAddView.as_view(), name="session_add"),
    path("<int:pk>/criteria/new/", views.CriterionAddView.as_view(), name="criterion_add"),
    path("<int:pk>/lots/new/", views.LotAddView.as_view(), name="lot_add"),
    path("<int:pk>/demand/new/", views.DemandPeriodAddView.as_view(), name="demand_add"),
    path("<int:pk>/invitations/", views.InvitationView.as_view(), name="invitations"),
    path(
        "invitations/<int:pk>/seen/",
        views.InvitationAcknowledgeView.as_view(),
        name="invitation_acknowledge",
    ),
    path("<int:pk>/interest/", views.InterestView.as_view(), name="interest"),
    path("<int:pk>/questions/new/", views.QuestionAskView.as_view(), name="question_ask"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/submissions/", views.SubmissionListView.as_view(), name="submission_list"),
    path("<int:pk>/award/", views.AwardView.as_view(), name="award"),
    path("sections/<int:pk>/", views.SectionHistoryView.as_view(), name="section_history"),
    path("sections/<int:pk>/revise/", views.SectionReviseView.as_view(), name="section_revise"),
    path("sections/<int:pk>/comment/", views.CommentCreateView.as_view(), name="comment_add"),
    path("comments/<int:pk>/answer/", views.CommentRespondView.as_view(), name="comment_respond"),
    path("questions/<int:pk>/answer/", views.AnswerView.as_view(), name="question_answer"),
    path("bids/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
    path("bids/<int:pk>/scores/", views.ScoreView.as_view(), name="score"),
    path("bids/<int:pk>/feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("bids/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("lots/<int:pk>/edit/", views.LotUpdateView.as_view(), name="lot_update"),
    path("lots/<int:pk>/remove/", views.LotRemoveView.as_view(), name="lot_remove"),
    path("criteria/<int:pk>/edit/", views.CriterionUpdateView.as_view(), name="criterion_update"),
    path("criteria/<int:pk>/remove/", views.CriterionRemoveView.as_view(), name="criterion_remove"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_update"),
]
