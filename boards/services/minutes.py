"""What a meeting records: its minutes (drafted, then published once it has started) and its
decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import Decision, Meeting, MinutesStatus


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


@transaction.atomic
def decision_record(*, place, actor, meeting, text, agenda_item=None):
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise RuleViolation({"agenda_item": _("Choose an item on this meeting’s agenda.")})
    decision = Decision(
        place=place, meeting=meeting, agenda_item=agenda_item, text=text, recorded_by=actor
    )
    full_clean(decision)
    decision.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.decision.record",
        target=decision,
        changes={"text": text},
    )
    return decision
