"""Residents' ideas for community boards, with their supporters and the board's answers."""

from django.db.models import Count

from ..models import Proposal, ProposalStatus, ProposalSupport
from .boards import boards_visible_to


def proposals_of_board(board, *, statuses=None):
    qs = (
        Proposal.objects.for_place(board.place)
        .filter(board=board)
        .annotate(support_count=Count("supports"))
        .select_related("proposed_by")
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("-support_count", "-created_at", "pk")


def proposals_visible_to(place, user):
    return (
        Proposal.objects.for_place(place)
        .filter(board__in=boards_visible_to(place, user).values("pk"))
        .annotate(support_count=Count("supports"))
        .select_related("board", "proposed_by")
    )


def get_proposal_for(place, user, pk):
    return proposals_visible_to(place, user).filter(pk=pk).first()


def you_said_we_did(board):
    """Ideas the board has answered: accepted, done, or not taken forward (with its reason)."""
    return proposals_of_board(
        board,
        statuses=[
            ProposalStatus.ACCEPTED,
            ProposalStatus.DONE,
            ProposalStatus.NOT_TAKEN_FORWARD,
        ],
    ).order_by("-status_changed_at", "pk")


def supports_proposal(user, proposal):
    if not user.is_authenticated:
        return False
    return (
        ProposalSupport.objects.for_place(proposal.place)
        .filter(proposal=proposal, user=user)
        .exists()
    )
