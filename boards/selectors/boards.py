"""Who sees which board, and reads of a board's seats: members now and past, sector balance,
vacancies, and the boards a person runs.

A private board is seen by its members, its parent board's members (for a subgroup) and
coordinators; its private business (meetings, papers, actions) by the same people.
"""

from collections import Counter

from django.db.models import Q
from django.utils import timezone

from coordination.accounts.permissions import can

from ..models import Board, BoardMembership, Position, Sector


def _seated_board_ids(place, user):
    if user is None or not user.is_authenticated:
        return []
    return list(
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user)
        .values_list("board_id", flat=True)
    )


def _sees_everything(place, user):
    return can(user, place, "view_all_boards") or can(user, place, "manage_boards")


def boards_visible_to(place, user):
    qs = Board.objects.for_place(place).filter(is_active=True)
    if not _sees_everything(place, user):
        seated = _seated_board_ids(place, user)
        qs = qs.filter(Q(is_public=True) | Q(pk__in=seated) | Q(parent_id__in=seated))
    return qs.select_related("parent", "area", "structure").order_by("kind", "name")


def get_board_for(place, user, pk):
    return boards_visible_to(place, user).filter(pk=pk).first()


def insider_board_ids(place, user):
    """Boards whose private business this person sees (None: every board)."""
    if _sees_everything(place, user):
        return None
    seated = _seated_board_ids(place, user)
    ids = set(seated)
    ids |= set(
        Board.objects.for_place(place).filter(parent_id__in=seated).values_list("pk", flat=True)
    )
    return ids


def get_membership_for(place, user, pk):
    """A seat (current or past) on a board the person may see."""
    return (
        BoardMembership.objects.for_place(place)
        .filter(pk=pk, board__in=boards_visible_to(place, user).values("pk"))
        .select_related("board", "user", "organisation")
        .first()
    )


def past_members(board, *, limit=20):
    return (
        BoardMembership.objects.for_place(board.place)
        .filter(board=board, ended_on__lt=timezone.localdate())
        .select_related("user", "organisation")
        .order_by("-ended_on", "pk")[:limit]
    )


def current_members(board):
    return (
        BoardMembership.objects.for_place(board.place)
        .current()
        .filter(board=board)
        .select_related("user", "organisation")
        .order_by("position", "user__name", "pk")
    )


def sector_balance(members):
    """(sector label, count, percent) for every sector, members who vote only (not observers)."""
    voting = [m for m in members if m.position != Position.OBSERVER]
    counts = Counter(m.sector for m in voting)
    total = len(voting) or 1
    return [
        {
            "sector": value,
            "label": label,
            "count": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / total),
        }
        for value, label in Sector.choices
    ]


def vacancies(board, members):
    """What the board lacks: empty seats against its size, and officer posts nobody holds."""
    held = {m.position for m in members}
    voting = sum(1 for m in members if m.position != Position.OBSERVER)
    empty_seats = max((board.seats or 0) - voting, 0)
    missing = [Position(p).label for p in (Position.CHAIR, Position.SECRETARY) if p not in held]
    resident_seats = None
    if board.resident_seats:
        # Seats the group's structure keeps for residents: filled by voting members who
        # represent the community (residents).
        filled = sum(
            1 for m in members if m.position != Position.OBSERVER and m.sector == Sector.COMMUNITY
        )
        resident_seats = {
            "filled": min(filled, board.resident_seats),
            "of": board.resident_seats,
            "vacant": max(board.resident_seats - filled, 0),
        }
    return {"empty_seats": empty_seats, "missing_posts": missing, "resident_seats": resident_seats}


def boards_run_by(place, user):
    """The boards this person runs: every board for coordinators; else where they hold an officer
    post now (chair, vice-chair, secretary)."""
    boards = boards_visible_to(place, user)
    if can(user, place, "manage_boards"):
        return boards
    if user is None or not user.is_authenticated:
        return boards.none()
    officer_of = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user, position__in=Position.officers())
        .values("board_id")
    )
    return boards.filter(pk__in=officer_of)
