"""Routes under /<place>/boards/ (included from coordination/places/urls.py)."""

from django.urls import path

from . import views
from .urls_moderation import urlpatterns as moderation_urlpatterns

app_name = "boards"

urlpatterns = [
    path("", views.BoardListView.as_view(), name="board_list"),
    path("new/", views.BoardCreateView.as_view(), name="board_create"),
    path("calendar/", views.MyCalendarView.as_view(), name="my_calendar"),
    path("calendar/<str:token>.ics", views.PersonCalendarView.as_view(), name="person_calendar"),
    path("<int:pk>/", views.BoardDetailView.as_view(), name="board_detail"),
    path("<int:pk>/edit/", views.BoardUpdateView.as_view(), name="board_edit"),
    path("<int:pk>/members/add/", views.BoardMemberAddView.as_view(), name="membership_add"),
    path("members/<int:pk>/edit/", views.BoardMemberEditView.as_view(), name="membership_edit"),
    path("members/<int:pk>/end/", views.BoardMemberEndView.as_view(), name="membership_end"),
    path("<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:pk>/calendar.ics", views.BoardCalendarView.as_view(), name="board_calendar"),
    path("<int:pk>/ideas/", views.ProposalListView.as_view(), name="proposal_list"),
    path("<int:pk>/you-said-we-did/", views.YouSaidWeDidView.as_view(), name="you_said_we_did"),
    path("<int:pk>/interests/", views.RegisterOfInterestsView.as_view(), name="interests"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "meetings/<int:pk>/interests/new/",
        views.DeclarationCreateView.as_view(),
        name="declaration_create",
    ),
    path("agenda/<int:pk>/votes/", views.VoteView.as_view(), name="votes"),
    path(
        "declarations/<int:pk>/amend/",
        views.DeclarationAmendView.as_view(),
        name="declaration_amend",
    ),
    path("votes/<int:pk>/amend/", views.VoteAmendView.as_view(), name="vote_amend"),
    path("decisions/<int:pk>/amend/", views.DecisionAmendView.as_view(), name="decision_amend"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path(
        "meetings/<int:pk>/agenda/new/",
        views.AgendaItemCreateView.as_view(),
        name="agenda_item_create",
    ),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path(
        "meetings/<int:pk>/decisions/new/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path("meetings/<int:pk>/rota/", views.RotaAssignView.as_view(), name="rota_assign"),
    path(
        "meetings/<int:pk>/register/", views.MeetingRegisterView.as_view(), name="meeting_register"
    ),
    path(
        "meetings/<int:pk>/questions/new/",
        views.QuestionCreateView.as_view(),
        name="question_create",
    ),
    path("agenda/<int:pk>/edit/", views.AgendaItemUpdateView.as_view(), name="agenda_item_edit"),
    path(
        "agenda/<int:pk>/remove/", views.AgendaItemRemoveView.as_view(), name="agenda_item_remove"
    ),
    path("agenda/<int:pk>/move/", views.AgendaItemMoveView.as_view(), name="agenda_item_move"),
    path("agenda/<int:pk>/papers/new/", views.PaperUploadView.as_view(), name="paper_upload"),
    path("papers/<int:pk>/", views.PaperDownloadView.as_view(), name="paper_download"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path("report-backs/<int:pk>/", views.ReportBackDetailView.as_view(), name="report_back_detail"),
    path(
        "recommendations/<int:pk>/respond/",
        views.RecommendationRespondView.as_view(),
        name="recommendation_respond",
    ),
    path("ideas/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("ideas/<int:pk>/edit/", views.ProposalEditView.as_view(), name="proposal_edit"),
    path(
        "ideas/<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal_withdraw"
    ),
    path("ideas/<int:pk>/support/", views.ProposalSupportView.as_view(), name="proposal_support"),
    path(
        "ideas/<int:pk>/support/withdraw/",
        views.ProposalUnsupportView.as_view(),
        name="proposal_unsupport",
    ),
    *moderation_urlpatterns,
]
