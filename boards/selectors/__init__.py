"""Reads of boards, meetings, papers and proposals as one person may see them in one place.

Visibility lives here once: a private board is seen by its members, its parent board's members
(for a subgroup) and coordinators; a private meeting by the same people; a private paper never by
residents or the public. Each topic has its module; every public read is importable from here.
"""

from .actions import actions_of_board, actions_visible_to, get_action_for
from .boards import (
    boards_run_by,
    boards_visible_to,
    current_members,
    get_board_for,
    get_membership_for,
    insider_board_ids,
    past_members,
    sector_balance,
    vacancies,
)
from .for_funding import (
    accepted_proposal_status,
    active_boards,
    board_officers,
    meetings_in_place,
    meetings_to_come,
    officers_by_board,
    proposals_in_place,
    vote_count,
)
from .interests import (
    decisions_of_meeting,
    decisions_visible_to,
    declarations_of_meeting,
    declarations_visible_to,
    register_of_interests,
    tally,
    votes_visible_to,
)
from .load import board_load, load_of_people, load_threshold
from .meetings import (
    agenda_for,
    calendar_feed_by_token,
    calendar_feed_of,
    get_agenda_item_for,
    get_meeting_for,
    get_paper_for,
    meetings_visible_to,
    papers_visible_to,
    past_meetings,
    upcoming_meetings,
)
from .moderation import (
    comments_of,
    comments_visible_to,
    get_comment_for,
    moderated_board_ids,
    moderates_anything,
    open_reports_visible_to,
    recently_hidden,
    reports_to_review,
)
from .proposals import (
    get_proposal_for,
    proposals_of_board,
    proposals_visible_to,
    supports_proposal,
    you_said_we_did,
)
from .report_backs import (
    get_report_back_for,
    report_backs_due_to,
    report_backs_of_subgroup,
    report_backs_visible_to,
)

__all__ = [
    "comments_of",
    "comments_visible_to",
    "get_comment_for",
    "moderated_board_ids",
    "moderates_anything",
    "open_reports_visible_to",
    "recently_hidden",
    "reports_to_review",
    "accepted_proposal_status",
    "actions_of_board",
    "actions_visible_to",
    "active_boards",
    "agenda_for",
    "board_load",
    "board_officers",
    "boards_run_by",
    "boards_visible_to",
    "calendar_feed_by_token",
    "calendar_feed_of",
    "current_members",
    "decisions_of_meeting",
    "decisions_visible_to",
    "declarations_of_meeting",
    "declarations_visible_to",
    "get_action_for",
    "get_agenda_item_for",
    "get_board_for",
    "get_meeting_for",
    "get_membership_for",
    "get_paper_for",
    "get_proposal_for",
    "get_report_back_for",
    "insider_board_ids",
    "load_of_people",
    "load_threshold",
    "meetings_in_place",
    "meetings_to_come",
    "meetings_visible_to",
    "officers_by_board",
    "papers_visible_to",
    "past_meetings",
    "past_members",
    "proposals_in_place",
    "proposals_of_board",
    "proposals_visible_to",
    "register_of_interests",
    "report_backs_due_to",
    "report_backs_of_subgroup",
    "report_backs_visible_to",
    "sector_balance",
    "supports_proposal",
    "tally",
    "upcoming_meetings",
    "vacancies",
    "vote_count",
    "votes_visible_to",
    "you_said_we_did",
]
