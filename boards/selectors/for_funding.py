"""What funding reads of boards for community board funds: the boards and meetings a fund's
choices come from, ideas, vote counts and the officers to tell.
"""

from ..models import (
    Board,
    BoardKind,
    BoardMembership,
    CommunityStructure,
    Meeting,
    Position,
    Proposal,
    ProposalStatus,
    Vote,
)
from .interests import tally


def active_boards(place):
    """Every active board in the place, as a choice for a fund's board."""
    return Board.objects.for_place(place).filter(is_active=True)


def meetings_in_place(place, *, board=None):
    """The place's meetings (one board's, given it), as choices a form or an answer checks."""
    meetings = Meeting.objects.for_place(place)
    return meetings if board is None else meetings.filter(board=board)


def first_funded_group(place):
    """The first active community group, by name, of a structure whose groups hold a fund."""
    structures = CommunityStructure.objects.for_place(place).active().filter(has_fund=True)
    return (
        Board.objects.for_place(place)
        .filter(structure__in=structures, is_active=True, kind=BoardKind.COMMUNITY_BOARD)
        .select_related("structure")
        .order_by("name", "pk")
        .first()
    )


def ideas_for_a_ballot(place, board):
    """A group's ideas that can go on a residents' ballot: neither hidden nor withdrawn."""
    return (
        Proposal.objects.for_place(place)
        .filter(board=board, hidden_at__isnull=True)
        .exclude(status=ProposalStatus.WITHDRAWN)
    )


def meeting_sitting(place, board, now):
    """The board's meeting under way at ``now`` (not cancelled), if any."""
    return (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(board=board, starts_at__lte=now, ends_at__gt=now)
        .first()
    )


def meetings_to_come(place, board, now):
    """A board's meetings not cancelled and not yet over at ``now``, soonest first."""
    return (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(board=board, ends_at__gt=now)
        .order_by("starts_at")
    )


def proposals_in_place(place, *, board=None):
    """The place's residents' ideas (those put to one board, given it)."""
    proposals = Proposal.objects.for_place(place)
    return proposals if board is None else proposals.filter(board=board)


def accepted_proposal_status():
    """The status an idea takes when the board takes it forward (funding it, say)."""
    return ProposalStatus.ACCEPTED


def vote_count(place, agenda_item):
    """The votes recorded on an agenda item, as ``tally`` counts them."""
    return tally(
        Vote.objects.for_place(place).filter(agenda_item=agenda_item, withdrawn_at__isnull=True)
    )


def officers_by_board(place, board_ids):
    """{board id: [people holding an officer post on it now]}, each once, by user id."""
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id__in=board_ids, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    )
    found = {}
    for seat in seats:
        people = found.setdefault(seat.board_id, [])
        if not people or people[-1].pk != seat.user_id:
            people.append(seat.user)
    return found


def board_officers(place, board):
    """The people holding an officer post on one board now (chair, vice-chair, secretary)."""
    return officers_by_board(place, [board.pk]).get(board.pk, [])
