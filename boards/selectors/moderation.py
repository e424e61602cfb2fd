"""Reads for comments on ideas and for moderation: who moderates which groups, the open reports a
moderator has to look at (grouped by post), and the posts hidden lately."""

from collections import Counter
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from coordination.accounts.models import Role
from coordination.accounts.permissions import roles_in

from ..models import BoardMembership, ContentReport, Position, Proposal, ProposalComment
from .boards import boards_visible_to

RECENTLY_HIDDEN = timedelta(days=30)


def moderated_board_ids(place, user):
    """The groups whose posts this person moderates: None for every group (a place admin), else
    the boards where they are chair, vice-chair or secretary today."""
    if user is None or not user.is_authenticated:
        return set()
    if Role.PLACE_ADMIN in roles_in(user, place):
        return None
    return set(
        BoardMembership.objects.for_place(place)
        .current()
        .filter(user=user, position__in=Position.officers())
        .values_list("board_id", flat=True)
    )


def moderates_anything(place, user):
    ids = moderated_board_ids(place, user)
    return ids is None or bool(ids)


def _on_boards(qs, ids, proposal_path):
    if ids is None:
        return qs
    return qs.filter(**{f"{proposal_path}board_id__in": ids})


def comments_visible_to(place, user):
    """Comments on the ideas this person may see, hidden ones included (shown as placeholders)."""
    return (
        ProposalComment.objects.for_place(place)
        .filter(proposal__board__in=boards_visible_to(place, user).values("pk"))
        .select_related("author", "proposal__board")
    )


def get_comment_for(place, user, pk):
    return comments_visible_to(place, user).filter(pk=pk).first()


def comments_of(proposal):
    return (
        ProposalComment.objects.for_place(proposal.place)
        .filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def open_reports_visible_to(place, user):
    """The open reports of posts on the groups this person moderates, oldest first."""
    ids = moderated_board_ids(place, user)
    qs = ContentReport.objects.for_place(place).open()
    if ids is not None:
        qs = qs.filter(Q(proposal__board_id__in=ids) | Q(comment__proposal__board_id__in=ids))
    return (
        qs.select_related(
            "reporter", "proposal__board", "proposal__proposed_by", "comment__proposal__board"
        )
        .select_related("comment__author")
        .order_by("created_at", "pk")
    )


def reports_to_review(place, user):
    """The open reports grouped by post: [{post, kind, board, count, reasons, first, details}],
    the post first reported first."""
    groups = {}
    for report in open_reports_visible_to(place, user):
        post = report.post
        key = ("idea" if report.proposal_id else "comment", post.pk)
        group = groups.setdefault(
            key,
            {
                "post": post,
                "kind": key[0],
                "board": post.board if report.proposal_id else post.proposal.board,
                "idea": post if report.proposal_id else post.proposal,
                "reports": [],
                "reasons": Counter(),
                "first": report.created_at,
            },
        )
        group["reports"].append(report)
        group["reasons"][report.get_reason_display()] += 1
    for group in groups.values():
        group["count"] = len(group["reports"])
        group["reasons"] = sorted(group["reasons"].items(), key=lambda kv: (-kv[1], str(kv[0])))
        group["details"] = [r.detail for r in group["reports"] if r.detail]
    return list(groups.values())


def recently_hidden(place, user, now=None):
    """Ideas and comments hidden in the last 30 days on the groups this person moderates, the
    latest first: [(kind, post)]."""
    ids = moderated_board_ids(place, user)
    since = (now or timezone.now()) - RECENTLY_HIDDEN
    ideas = _on_boards(
        Proposal.objects.for_place(place).filter(hidden_at__gte=since), ids, ""
    ).select_related("board", "proposed_by")
    comments = _on_boards(
        ProposalComment.objects.for_place(place).filter(hidden_at__gte=since), ids, "proposal__"
    ).select_related("proposal__board", "author")
    posts = [("idea", p) for p in ideas] + [("comment", c) for c in comments]
    return sorted(posts, key=lambda kp: kp[1].hidden_at, reverse=True)
