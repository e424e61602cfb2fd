"""Declarations of interest and votes at a meeting: a declaration on an item withdraws the
member's vote on it (by an amendment kept with the vote) and bars another."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import (
    AgendaItem,
    BoardMembership,
    DeclarationOfInterest,
    Meeting,
    Position,
    Vote,
    VoteChoice,
)
from ._common import refuse_if_cancelled
from .records import amend_record


def _voting_seat(place, board, member, on):
    return (
        BoardMembership.objects.for_place(place)
        .current(on)
        .filter(board=board, user=member)
        .exclude(position=Position.OBSERVER)
        .first()
    )


@transaction.atomic
def declaration_record(*, place, actor, meeting, member, kind, nature, agenda_item=None):
    """A member declares an interest at a meeting, on one item or on its business as a whole.

    A declaration on an item bars the member's vote on it: a vote already cast is withdrawn by
    an amendment (kept with the vote, and the audit says so), so the minutes never count a
    conflicted vote.
    """
    meeting = Meeting.objects.for_place(place).select_related("board").get(pk=meeting.pk)
    refuse_if_cancelled(meeting, _("A cancelled meeting takes no declarations."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise RuleViolation({"agenda_item": _("Choose an item on this meeting’s agenda.")})
    on = timezone.localtime(meeting.starts_at, place.tz).date()
    if (
        not BoardMembership.objects.for_place(place)
        .current(on)
        .filter(board=meeting.board, user=member)
        .exists()
    ):
        raise RuleViolation(
            {
                "member": _("%(person)s has no seat on %(board)s.")
                % {"person": member, "board": meeting.board.name}
            }
        )
    if (
        agenda_item is not None
        and DeclarationOfInterest.objects.for_place(place)
        .filter(agenda_item=agenda_item, member=member, withdrawn_at__isnull=True)
        .exists()
    ):
        raise RuleViolation(
            {
                "member": _("%(person)s has already declared an interest in this item.")
                % {"person": member}
            }
        )
    declaration = DeclarationOfInterest(
        place=place,
        meeting=meeting,
        agenda_item=agenda_item,
        member=member,
        member_name=member.name,
        kind=kind,
        nature=(nature or "").strip(),
        recorded_by=actor,
    )
    full_clean(declaration)
    declaration.save()
    struck = 0
    if agenda_item is not None:
        cast = (
            Vote.objects.for_place(place)
            .select_for_update()
            .filter(agenda_item=agenda_item, member=member, withdrawn_at__isnull=True)
        )
        for vote in cast:
            amend_record(
                place=place,
                actor=actor,
                record=vote,
                kind="vote",
                fields={},
                reason=_("%(person)s declared an interest in this item.") % {"person": member},
                withdraw=True,
                action="boards.vote.amend",
            )
            struck += 1
    audit_record(
        place=place,
        actor=actor,
        action="boards.declaration.record",
        target=declaration,
        changes={
            "member": member,
            "agenda_item": agenda_item,
            "kind": kind,
            "votes_struck_out": struck,
        },
    )
    return declaration


@transaction.atomic
def vote_record(*, place, actor, agenda_item, member, choice):
    """Record a member's vote on an item. Refused for a member who declared an interest in it,
    for someone without a voting seat, and a second time for the same member."""
    item = (
        AgendaItem.objects.for_place(place)
        .select_related("meeting__board")
        .select_for_update()
        .get(pk=agenda_item.pk)
    )
    meeting = item.meeting
    refuse_if_cancelled(meeting, _("A cancelled meeting takes no votes."))
    if choice not in VoteChoice.values:
        raise RuleViolation({"choice": _("Choose for, against or abstain.")})
    if meeting.starts_at > timezone.now():
        raise RuleViolation(_("Votes are taken at the meeting: it has not started yet."))
    declared = DeclarationOfInterest.objects.for_place(place).filter(
        agenda_item=item, member=member, withdrawn_at__isnull=True
    )
    if declared.exists():
        raise RuleViolation(
            {
                "member": _("%(person)s declared an interest in “%(item)s” and cannot vote on it.")
                % {"person": member, "item": item.title}
            }
        )
    on = timezone.localtime(meeting.starts_at, place.tz).date()
    if _voting_seat(place, meeting.board, member, on) is None:
        raise RuleViolation(
            {
                "member": _("%(person)s has no voting seat on %(board)s.")
                % {"person": member, "board": meeting.board.name}
            }
        )
    if (
        Vote.objects.for_place(place)
        .filter(agenda_item=item, member=member, withdrawn_at__isnull=True)
        .exists()
    ):
        raise RuleViolation(
            {"member": _("%(person)s has already voted on this item.") % {"person": member}}
        )
    vote = Vote(
        place=place,
        agenda_item=item,
        member=member,
        member_name=member.name,
        choice=choice,
        recorded_by=actor,
    )
    full_clean(vote)
    vote.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.vote.cast",
        target=item,
        changes={"member": member, "choice": choice},
    )
    return vote
