"""Boards of a place: recovery boards, thematic subgroups that report back, community boards.

Meetings with agendas, papers, minutes and decisions; actions; subgroups' report-backs to their
parent board; residents' proposals to community boards. Every model is owned by one place. Each
topic has its module; every model is importable from here, as migrations and callers expect.
"""

# isort: off
# In the order the models were declared when they shared one module: the app registry lists them
# in import order, and a place's export writes its rows in that order.
from .boards import (
    Board,
    BoardKind,
    BoardMembership,
    BoardMembershipQuerySet,
    BoardQuerySet,
    Position,
    Sector,
)
from .meetings import AgendaItem, Meeting, MeetingQuerySet, MinutesStatus
from .papers import Paper, paper_upload_to
from .minutes import Attendance, AttendanceStatus, Decision, DecisionMethod, present_member_ids
from .actions import Action, ActionNote, ActionQuerySet, ActionStatus
from .report_backs import Recommendation, ReportBack, ReportBackStatus, ResponseStatus
from .proposals import Proposal, ProposalStatus, ProposalSupport
from .participation import MeetingQuestion, MeetingRegistration
from .calendars import CalendarFeed
from .calendars import _new_feed_token as _new_feed_token  # named by the first migration
from .interests import DeclarationOfInterest, InterestKind, Vote, VoteChoice
from .records import MemberOnRecord
from .amendments import RecordAmendment
from .structures import CommunityStructure, CommunityStructureQuerySet, DEFAULT_TERMS, GroupsBy
from .proposals import ProposalComment
from .moderation import ContentReport, ContentReportQuerySet, ReportOutcome, ReportReason

# isort: on

__all__ = [
    "Action",
    "ActionNote",
    "ActionQuerySet",
    "ActionStatus",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Board",
    "CommunityStructure",
    "CommunityStructureQuerySet",
    "ContentReport",
    "ContentReportQuerySet",
    "DEFAULT_TERMS",
    "GroupsBy",
    "ProposalComment",
    "ReportOutcome",
    "ReportReason",
    "BoardKind",
    "BoardMembership",
    "BoardMembershipQuerySet",
    "BoardQuerySet",
    "CalendarFeed",
    "Decision",
    "DecisionMethod",
    "DeclarationOfInterest",
    "InterestKind",
    "Meeting",
    "MeetingQuerySet",
    "MeetingQuestion",
    "MeetingRegistration",
    "MemberOnRecord",
    "MinutesStatus",
    "Paper",
    "Position",
    "Proposal",
    "ProposalStatus",
    "ProposalSupport",
    "RecordAmendment",
    "Recommendation",
    "ReportBack",
    "ReportBackStatus",
    "ResponseStatus",
    "Sector",
    "Vote",
    "VoteChoice",
    "paper_upload_to",
    "present_member_ids",
]
