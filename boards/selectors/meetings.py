"""Meetings, their agendas and papers as one person may see them, and calendar feeds.

A private meeting is seen by the board's insiders; a private paper never by residents or the
public.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.accounts.permissions import can, roles_in

from ..models import AgendaItem, CalendarFeed, Meeting, Paper
from ..permissions import can_see_private_papers
from .boards import boards_visible_to, insider_board_ids


def meetings_visible_to(place, user):
    visible_boards = boards_visible_to(place, user).values("pk")
    qs = Meeting.objects.for_place(place).filter(board__in=visible_boards)
    insider = insider_board_ids(place, user)
    if insider is not None:
        qs = qs.filter(Q(is_public=True) | Q(board_id__in=insider))
    return qs.select_related("board", "chair", "minute_taker").order_by("starts_at", "pk")


def get_meeting_for(place, user, pk):
    return meetings_visible_to(place, user).filter(pk=pk).first()


def get_agenda_item_for(place, user, pk):
    return (
        AgendaItem.objects.for_place(place)
        .filter(pk=pk, meeting__in=meetings_visible_to(place, user).values("pk"))
        .select_related("meeting__board", "owner")
        .first()
    )


def papers_visible_to(place, user, *, board=None):
    qs = Paper.objects.for_place(place).filter(
        agenda_item__meeting__in=meetings_visible_to(place, user).values("pk")
    )
    if board is not None:
        if not can_see_private_papers(user, board):
            qs = qs.filter(is_private=False)
        return qs
    roles = roles_in(user, place)
    if can(user, place, "view_all_boards"):
        return qs
    if not roles or roles <= {Role.RESIDENT}:
        return qs.filter(is_private=False)
    if can(user, place, "manage_boards"):
        return qs
    insider = insider_board_ids(place, user)
    return qs.filter(Q(is_private=False) | Q(agenda_item__meeting__board_id__in=insider))


def get_paper_for(place, user, pk):
    return (
        papers_visible_to(place, user)
        .select_related("agenda_item__meeting__board")
        .filter(pk=pk)
        .first()
    )


def agenda_for(meeting, user):
    papers = papers_visible_to(meeting.place, user, board=meeting.board)
    return (
        AgendaItem.objects.for_place(meeting.place)
        .filter(meeting=meeting)
        .select_related("owner", "report_back__subgroup")
        .prefetch_related(Prefetch("papers", queryset=papers.order_by("uploaded_at", "pk")))
        .order_by("order", "pk")
    )


def upcoming_meetings(place, user, *, board=None, limit=None):
    qs = meetings_visible_to(place, user).filter(ends_at__gte=timezone.now())
    if board is not None:
        qs = qs.filter(board=board)
    return qs[:limit] if limit else qs


def past_meetings(place, user, *, board):
    return (
        meetings_visible_to(place, user)
        .filter(board=board, ends_at__lt=timezone.now())
        .order_by("-starts_at")
    )


def calendar_feed_of(place, user):
    """The person's secret calendar link in this place, or None until they ask for one."""
    return CalendarFeed.objects.for_place(place).filter(user=user).first()


def calendar_feed_by_token(place, token):
    return CalendarFeed.objects.for_place(place).filter(token=token).select_related("user").first()
