"""What a meeting records: its minutes (drafted, then published once it has started) and its
decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import Decision, DecisionMethod, Meeting, MinutesStatus, Vote, VoteChoice
from ._common import refuse_if_cancelled


@transaction.atomic
def minutes_save(*, place, actor, meeting, minutes, publish=False):
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    if publish and meeting.cancelled_at is not None:
        raise RuleViolation({"minutes": _("A cancelled meeting has no minutes to publish.")})
    if publish and not minutes.strip():
        raise RuleViolation({"minutes": _("Write the minutes before publishing them.")})
    if publish and meeting.starts_at > timezone.now():
        raise RuleViolation(
            {"minutes": _("Minutes can be published once the meeting has started.")}
        )
    meeting.minutes = minutes
    if publish:
        meeting.minutes_status = MinutesStatus.PUBLISHED
        meeting.minutes_published_at = timezone.now()
    elif meeting.minutes_status != MinutesStatus.PUBLISHED:
        meeting.minutes_status = MinutesStatus.DRAFT
    meeting.save(update_fields=["minutes", "minutes_status", "minutes_published_at", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.minutes.publish" if publish else "boards.minutes.draft",
        target=meeting,
        changes={"status": meeting.minutes_status},
    )
    return meeting


def _recorded_tally(place, agenda_item):
    """(for, against, abstain) of the votes recorded on an item, or None when it has none."""
    if agenda_item is None:
        return None
    choices = list(
        Vote.objects.for_place(place)
        .filter(agenda_item=agenda_item, withdrawn_at__isnull=True)
        .values_list("choice", flat=True)
    )
    if not choices:
        return None
    return tuple(choices.count(choice) for choice in VoteChoice.values)


@transaction.atomic
def decision_record(
    *,
    place,
    actor,
    meeting,
    text,
    agenda_item=None,
    method=None,
    votes_for=None,
    votes_against=None,
    votes_abstain=None,
):
    """Record a decision taken at a meeting, by the board's rule (Decision.clean): a quorum of
    members present; by consensus, or by a vote of the members present whose counts match the
    votes recorded on the item. "0 for, 0 against" is refused.

    Without ``method``, a decision on an item with recorded votes is by those votes, and any
    other by consensus. By a vote with the counts left out, the item's recorded votes count.
    """
    meeting = Meeting.objects.for_place(place).select_related("board").get(pk=meeting.pk)
    refuse_if_cancelled(meeting, _("A cancelled meeting takes no decisions."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise RuleViolation({"agenda_item": _("Choose an item on this meeting’s agenda.")})
    recorded = _recorded_tally(place, agenda_item)
    if method is None:
        method = DecisionMethod.VOTES if recorded else DecisionMethod.CONSENSUS
    counts = [votes_for, votes_against, votes_abstain]
    if method == DecisionMethod.VOTES and recorded and all(c is None for c in counts):
        counts = list(recorded)
    if method == DecisionMethod.CONSENSUS:
        counts = [c or 0 for c in counts]
    votes_for, votes_against, votes_abstain = (c or 0 for c in counts)
    decision = Decision(
        place=place,
        meeting=meeting,
        agenda_item=agenda_item,
        text=(text or "").strip(),
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        recorded_by=actor,
    )
    full_clean(decision)
    decision.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.decision.record",
        target=decision,
        changes={"text": decision.text, "method": method, **decision.counts},
    )
    return decision
