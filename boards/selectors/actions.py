"""Boards' actions: a board's own, and those a person sees (the boards' insiders, and the owner)."""

from django.db.models import Q

from ..models import Action
from .boards import insider_board_ids


def actions_of_board(board):
    return (
        Action.objects.for_place(board.place)
        .filter(board=board)
        .select_related("owner", "owner_organisation", "meeting")
        .order_by("status", "due_on", "pk")
    )


def actions_visible_to(place, user):
    insider = insider_board_ids(place, user)
    qs = Action.objects.for_place(place).select_related("board", "owner", "owner_organisation")
    if insider is not None:
        # Whoever owns an action sees it, even without a seat: they were told it is theirs.
        mine = Q(owner=user) if user is not None and user.is_authenticated else Q(pk__in=[])
        qs = qs.filter(Q(board_id__in=insider) | mine)
    return qs


def get_action_for(place, user, pk):
    return actions_visible_to(place, user).filter(pk=pk).first()
