"""Pages for boards under /<place>/boards/: thin views over selectors, services and permissions.

Every page runs in the place's time zone, so times are entered and shown as the place keeps them.
Every object comes through a selector that applies visibility, so a private board, meeting or paper
is the same 404 as a missing one. Each topic has its module; every page is importable from here.
"""

from .actions import ActionCreateView, ActionDetailView, ActionEditView
from .agenda import (
    AgendaItemCreateView,
    AgendaItemMoveView,
    AgendaItemRemoveView,
    AgendaItemUpdateView,
)
from .attendance import AttendanceView, RotaAssignView
from .boards import (
    BoardCreateView,
    BoardDetailView,
    BoardListView,
    BoardMemberAddView,
    BoardMemberEditView,
    BoardMemberEndView,
    BoardUpdateView,
)
from .calendars import BoardCalendarView, MyCalendarView, PersonCalendarView
from .interests import DeclarationCreateView, RegisterOfInterestsView, VoteView
from .meetings import (
    MeetingCancelView,
    MeetingCreateView,
    MeetingDetailView,
    MeetingRegisterView,
    MeetingUpdateView,
    QuestionCreateView,
)
from .minutes import DecisionCreateView, MinutesView
from .papers import PaperDownloadView, PaperUploadView
from .proposals import (
    ProposalDetailView,
    ProposalEditView,
    ProposalListView,
    ProposalSupportView,
    ProposalUnsupportView,
    ProposalWithdrawView,
    YouSaidWeDidView,
)
from .records import DecisionAmendView, DeclarationAmendView, VoteAmendView
from .report_backs import RecommendationRespondView, ReportBackDetailView
from .structures import (
    CommunityView,
    StructureCreateView,
    StructureDetailView,
    StructureGroupCreateView,
    StructureUpdateView,
)

__all__ = [
    "CommunityView",
    "StructureCreateView",
    "StructureDetailView",
    "StructureGroupCreateView",
    "StructureUpdateView",
    "DecisionAmendView",
    "DeclarationAmendView",
    "VoteAmendView",
    "ActionCreateView",
    "ActionDetailView",
    "ActionEditView",
    "AgendaItemCreateView",
    "AgendaItemMoveView",
    "AgendaItemRemoveView",
    "AgendaItemUpdateView",
    "AttendanceView",
    "BoardCalendarView",
    "BoardCreateView",
    "BoardDetailView",
    "BoardListView",
    "BoardMemberAddView",
    "BoardMemberEditView",
    "BoardMemberEndView",
    "BoardUpdateView",
    "DecisionCreateView",
    "DeclarationCreateView",
    "MeetingCancelView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingRegisterView",
    "MeetingUpdateView",
    "MinutesView",
    "MyCalendarView",
    "PaperDownloadView",
    "PaperUploadView",
    "PersonCalendarView",
    "RotaAssignView",
    "ProposalDetailView",
    "ProposalEditView",
    "ProposalListView",
    "ProposalSupportView",
    "ProposalUnsupportView",
    "ProposalWithdrawView",
    "QuestionCreateView",
    "RecommendationRespondView",
    "RegisterOfInterestsView",
    "ReportBackDetailView",
    "VoteView",
    "YouSaidWeDidView",
]
