"""Declarations of interest, votes and decisions: the register of a public board is public;
votes and decisions follow the meetings a person sees. Each record comes with its amendments,
and knows whether its member still sits on the board (``member_is_current``)."""

from collections import Counter

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Value, When

from ..models import (
    BoardMembership,
    Decision,
    DeclarationOfInterest,
    RecordAmendment,
    Vote,
    VoteChoice,
)
from .boards import boards_visible_to
from .meetings import meetings_visible_to


def _member_is_current(place, board_field):
    return Exists(
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id=OuterRef(board_field), user_id=OuterRef("member_id"))
    )


def _amendments(place):
    return Prefetch(
        "amendments",
        queryset=RecordAmendment.objects.for_place(place).select_related("amended_by"),
    )


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
            ),
            member_is_current=_member_is_current(place, "meeting__board_id"),
        )
        .select_related("meeting", "meeting__board", "agenda_item", "member")
        .prefetch_related(_amendments(place))
        .order_by("-meeting__starts_at", "pk")
    )


def declarations_of_meeting(meeting):
    place = meeting.place
    return (
        DeclarationOfInterest.objects.for_place(place)
        .filter(meeting=meeting)
        .annotate(member_is_current=_member_is_current(place, "meeting__board_id"))
        .select_related("agenda_item", "member")
        .prefetch_related(_amendments(place))
        .order_by("agenda_item__order", "created_at", "pk")
    )


def register_of_interests(board, user):
    """[(member label, [declarations])] for a board, in name order: the register per member.
    A member whose account is gone is listed as a former member."""
    by_member = {}
    for declaration in declarations_visible_to(board.place, user).filter(meeting__board=board):
        key = (declaration.member_label, declaration.member_id or 0)
        by_member.setdefault(key, []).append(declaration)
    return [(label, found) for (label, _pk), found in sorted(by_member.items())]


def votes_visible_to(place, user):
    """Votes at the meetings this person sees, withdrawn ones included (they stay listed)."""
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        Vote.objects.for_place(place)
        .filter(agenda_item__meeting__in=meetings)
        .annotate(member_is_current=_member_is_current(place, "agenda_item__meeting__board_id"))
        .select_related("agenda_item", "member")
        .prefetch_related(_amendments(place))
    )


def decisions_visible_to(place, user):
    """Decisions at the meetings whose decisions this person sees: a public meeting's are
    public; a private meeting's are for those who see it."""
    meetings = meetings_visible_to(place, user).values("pk")
    return (
        Decision.objects.for_place(place)
        .filter(meeting__in=meetings)
        .select_related("meeting", "agenda_item")
        .prefetch_related(_amendments(place))
    )


def decisions_of_meeting(meeting):
    return (
        Decision.objects.for_place(meeting.place)
        .filter(meeting=meeting)
        .select_related("agenda_item")
        .prefetch_related(_amendments(meeting.place))
        .order_by("created_at", "pk")
    )


def tally(votes):
    """{"for": n, "against": n, "abstain": n} of a list of votes; withdrawn votes do not count."""
    counts = Counter(v.choice for v in votes if v.withdrawn_at is None)
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}
