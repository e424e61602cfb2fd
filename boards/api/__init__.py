"""API for boards: read what the person may see in the place; submit report-backs and ideas.

Every queryset comes from boards.selectors with the request's person, so a private board, meeting,
paper or action is the same 404 as a missing one. Each topic has its module; every viewset and
filter is importable from here.
"""

from ._common import READ, ReadOnlyPlaceViewSet
from .actions import ActionFilter, ActionViewSet
from .boards import BoardFilter, BoardMembershipFilter, BoardMembershipViewSet, BoardViewSet
from .decisions import DecisionFilter, DecisionViewSet
from .interests import DeclarationFilter, DeclarationViewSet, VoteFilter, VoteViewSet
from .meetings import AgendaItemFilter, AgendaItemViewSet, MeetingFilter, MeetingViewSet
from .moderation import CommentFilter, CommentViewSet, ReportViewSet
from .proposals import ProposalFilter, ProposalViewSet
from .report_backs import ReportBackFilter, ReportBackViewSet
from .structures import CommunityStructureSerializer, CommunityStructureViewSet

__all__ = [
    "ActionFilter",
    "ActionViewSet",
    "AgendaItemFilter",
    "AgendaItemViewSet",
    "BoardFilter",
    "BoardMembershipFilter",
    "BoardMembershipViewSet",
    "BoardViewSet",
    "CommentFilter",
    "CommentViewSet",
    "CommunityStructureSerializer",
    "CommunityStructureViewSet",
    "DecisionFilter",
    "DecisionViewSet",
    "DeclarationFilter",
    "DeclarationViewSet",
    "MeetingFilter",
    "MeetingViewSet",
    "ProposalFilter",
    "ProposalViewSet",
    "READ",
    "ReadOnlyPlaceViewSet",
    "ReportBackFilter",
    "ReportBackViewSet",
    "ReportViewSet",
    "VoteFilter",
    "VoteViewSet",
]
