"""What a person may do on one board: place-wide rules from accounts.permissions, plus seats.

Place admins and council officers manage every board (RULES "manage_boards"); a board's chair,
vice-chair and secretary run their own board (meetings, agendas, minutes, actions, answers).
Private papers reach only people with a seat on the board and a role other than resident, and place
admins: never residents or the public.
"""

from coordination.accounts.models import Role
from coordination.accounts.permissions import can, roles_in

from .models import BoardMembership, Position


def _seats(user, board):
    """The person's current positions on a board (cached on the user for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_inplace_board_seats", {})
    if board.pk not in cache:
        cache[board.pk] = frozenset(
            BoardMembership.objects.for_place(board.place_id)
            .current()
            .filter(board=board, user=user)
            .values_list("position", flat=True)
        )
    return cache[board.pk]


def forget_seats(user):
    user.__dict__.pop("_inplace_board_seats", None)


def has_seat(user, board):
    return bool(_seats(user, board))


def is_officer(user, board):
    return bool(_seats(user, board) & Position.officers())


def is_chair(user, board):
    return bool(_seats(user, board) & {Position.CHAIR, Position.VICE_CHAIR})


def can_manage_board(user, board):
    """Set the board up, run its meetings, record its minutes and answer its proposals."""
    return can(user, board.place, "manage_boards") or is_officer(user, board)


def holds_board_office(user, place):
    """Chair, vice-chair or secretary of any board here: they seat people and assign actions."""
    if user is None or not user.is_authenticated:
        return False
    return (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user, position__in=Position.officers())
        .exists()
    )


def can_see_board(user, board):
    if board.is_public or can(user, board.place, "view_all_boards"):
        return True
    if has_seat(user, board) or can(user, board.place, "manage_boards"):
        return True
    # The parent board sees its subgroups, whose report-backs come to it.
    return bool(board.parent_id and has_seat(user, board.parent))


def can_see_meeting(user, meeting):
    board = meeting.board
    if not can_see_board(user, board):
        return False
    return meeting.is_public or board_insider(user, board)


def board_insider(user, board):
    """Someone who sees a board's private meetings: its members, its parent's, and coordinators."""
    if can(user, board.place, "view_all_boards") or can(user, board.place, "manage_boards"):
        return True
    if has_seat(user, board):
        return True
    return bool(board.parent_id and has_seat(user, board.parent))


def can_see_private_papers(user, board):
    if can(user, board.place, "view_all_boards"):
        return True
    roles = roles_in(user, board.place)
    if not roles or roles <= {Role.RESIDENT}:
        return False  # residents never read private papers, even with a seat
    if can(user, board.place, "manage_boards"):
        return True
    return has_seat(user, board) or bool(board.parent_id and has_seat(user, board.parent))


def can_submit_report_back(user, report_back):
    return can_manage_board(user, report_back.subgroup)


def can_respond_to_report_back(user, report_back):
    return can_manage_board(user, report_back.parent_meeting.board)


def can_update_action(user, action):
    return action.owner_id == getattr(user, "pk", None) or can_manage_board(user, action.board)


def can_take_part(user, place):
    """Propose ideas, support them, register for public meetings, send questions."""
    return can(user, place, "take_part_in_boards")


def can_view_load(user, board):
    return can(user, board.place, "manage_boards") or is_chair(user, board)


def can_speak_for(user, board, member):
    """Declare an interest or cast a vote for ``member``: the member, or whoever runs the board."""
    if user is None or not user.is_authenticated:
        return False
    return (member is not None and member.pk == user.pk and has_seat(user, board)) or (
        can_manage_board(user, board)
    )


def can_moderate(user, board):
    """Hide, restore or keep residents' posts on a group's ideas: the group's chair, vice-chair or
    secretary today, or an admin of the place."""
    if user is None or not user.is_authenticated:
        return False
    return is_officer(user, board) or bool(roles_in(user, board.place) & {Role.PLACE_ADMIN})


def can_read_post(user, post):
    """See the words of an idea or comment: anyone while it is up; once a moderator hides it, its
    author and its moderators (everyone else sees the placeholder with the reason)."""
    if not post.is_hidden:
        return True
    if user is None or not user.is_authenticated:
        return False
    is_idea = hasattr(post, "proposed_by_id")
    author_id = post.proposed_by_id if is_idea else post.author_id
    if author_id == user.pk:
        return True
    return can_moderate(user, post.board if is_idea else post.proposal.board)
