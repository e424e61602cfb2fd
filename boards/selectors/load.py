"""Spreading the load: each person's seats, officer posts, open actions and meetings a month, so a
board sees who carries too much and who could take more.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from ..models import Action, ActionStatus, BoardMembership, Meeting, Position
from .boards import current_members


def load_threshold():
    return getattr(settings, "BOARDS_LOAD_WARNING", 8)


def load_of_people(place, user_ids, *, now=None):
    """Each person's load in the place: seats, officer posts, open actions and meetings a month.

    Meetings a month counts the meetings of their boards in the next 30 days; the score adds
    seats, officer posts again (they carry more work), open actions and those meetings.
    """
    now = now or timezone.now()
    user_ids = list(user_ids)
    seats = (
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user_id__in=user_ids)
        .values_list("user_id", "position", "board_id")
    )
    positions = Counter()
    officer_posts = Counter()
    boards_of = {}
    for user_id, position, board_id in seats:
        positions[user_id] += 1
        if position in Position.officers():
            officer_posts[user_id] += 1
        boards_of.setdefault(user_id, set()).add(board_id)
    open_actions = Counter(
        dict(
            Action.objects.for_place(place)
            .filter(owner_id__in=user_ids, status__in=ActionStatus.open_values())
            .values_list("owner_id")
            .annotate(n=Count("pk"))
            .values_list("owner_id", "n")
        )
    )
    meetings_by_board = Counter(
        dict(
            Meeting.objects.for_place(place)
            .not_cancelled()
            .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=30))
            .values_list("board_id")
            .annotate(n=Count("pk"))
            .values_list("board_id", "n")
        )
    )
    threshold = load_threshold()
    load = {}
    for user_id in user_ids:
        meetings = sum(meetings_by_board[b] for b in boards_of.get(user_id, ()))
        score = positions[user_id] + officer_posts[user_id] + open_actions[user_id] + meetings
        load[user_id] = {
            "positions": positions[user_id],
            "officer_posts": officer_posts[user_id],
            "open_actions": open_actions[user_id],
            "meetings_a_month": meetings,
            "score": score,
            "over_threshold": score > threshold,
        }
    return load


SUGGESTIONS = 3


def board_load(board, members=None):
    """The load of each current member, heaviest first, and whom to ask first for more work.

    ``lightest`` suggests up to three members who could take more on: never an observer, never
    anyone above the load threshold, the lowest score first, ties to the one with fewer officer
    posts, then by name. ``everyone_over`` says that nobody who could be asked is under the
    threshold, so the board must recruit or share work with other boards.
    """
    members = list(members if members is not None else current_members(board))
    loads = load_of_people(board.place, {m.user_id for m in members})
    rows = [{"membership": m, **loads[m.user_id]} for m in members]
    rows.sort(key=lambda r: (-r["score"], r["membership"].user.name))
    voting = {}
    for row in rows:
        if row["membership"].position != Position.OBSERVER:
            voting.setdefault(row["membership"].user_id, row)  # one row per person
    askable = sorted(
        (r for r in voting.values() if not r["over_threshold"]),
        key=lambda r: (
            r["score"],
            r["officer_posts"],
            r["membership"].user.name,
            r["membership"].user_id,
        ),
    )
    return {
        "rows": rows,
        "threshold": load_threshold(),
        "overloaded": [r for r in rows if r["over_threshold"]],
        "lightest": [r["membership"].user for r in askable[:SUGGESTIONS]],
        "everyone_over": bool(voting) and not askable,
    }
