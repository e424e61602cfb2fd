"""Declarations of interest and votes: the register of a public board is public; votes follow the
meetings a person sees.
"""

from collections import Counter

from django.db.models import BooleanField, Case, Value, When

from ..models import DeclarationOfInterest, Vote, VoteChoice
from .boards import boards_visible_to
from .meetings import meetings_visible_to


def declarations_visible_to(place, user):
    """Declarations on the boards this person sees: the register of a public board is public.

    Declarations made at a meeting the person cannot see keep their item's title to themselves
    (``meeting_visible`` is False); the member, the date and the interest are public.
    """
    boards = boards_visible_to(place, user).values("pk")
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        DeclarationOfInterest.objects.for_place(place)
        .filter(meeting__board__in=boards)
        .annotate(
            meeting_visible=Case(
                When(meeting__in=meetings, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("meeting", "meeting__board", "agenda_item", "member")
        .order_by("-meeting__starts_at", "pk")
    )


def declarations_of_meeting(meeting):
    return (
        DeclarationOfInterest.objects.for_place(meeting.place)
        .filter(meeting=meeting)
        .select_related("agenda_item", "member")
        .order_by("agenda_item__order", "created_at", "pk")
    )


def register_of_interests(board, user):
    """{member: [declarations]} for a board, members in name order: the register per member."""
    by_member = {}
    for declaration in declarations_visible_to(board.place, user).filter(meeting__board=board):
        by_member.setdefault(declaration.member, []).append(declaration)
    return sorted(by_member.items(), key=lambda pair: (pair[0].name, pair[0].pk))


def votes_visible_to(place, user):
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        Vote.objects.for_place(place)
        .filter(agenda_item__meeting__in=meetings)
        .select_related("agenda_item", "member")
    )


def tally(votes):
    """{"for": n, "against": n, "abstain": n} of a list of votes."""
    counts = Counter(v.choice for v in votes)
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}
