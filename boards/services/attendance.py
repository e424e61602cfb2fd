"""Who came to a meeting, and the rota that spreads chairing and minute-taking round the
board."""

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import Attendance, AttendanceStatus, BoardMembership, Meeting, Position
from ._common import refuse_if_cancelled


@transaction.atomic
def attendance_register(*, place, actor, meeting, statuses):
    """Record the register at once: {person: present / apologies / absent}."""
    refuse_if_cancelled(meeting, _("A cancelled meeting has no register."))
    if not statuses:
        raise RuleViolation(_("Mark at least one person present, absent or sent apologies."))
    return [
        attendance_record(place=place, actor=actor, meeting=meeting, user=user, status=status)
        for user, status in statuses.items()
    ]


@transaction.atomic
def attendance_record(*, place, actor, meeting, user, status):
    if status not in AttendanceStatus.values:
        raise RuleViolation({"status": _("Choose present, sent apologies or absent.")})
    attendance, _created = Attendance.objects.for_place(place).update_or_create(
        place=place, meeting=meeting, user=user, defaults={"status": status}
    )
    audit_record(
        place=place,
        actor=actor,
        action="boards.attendance.record",
        target=meeting,
        changes={"person": user, "status": status},
    )
    return attendance


def rota_pick(meeting, *, duty, after=None):
    """The member whose turn it is at a duty: fewest turns on this board, then longest since.

    The minute-taker is never the chair (``after``); among equals it is the next member after the
    chair in the rota's order, so the two duties move round together and each comes to everyone.
    """
    board = meeting.board
    members = list(
        BoardMembership.objects.for_place(meeting.place)
        .current(timezone.localtime(meeting.starts_at, meeting.place.tz).date())
        .filter(board=board, in_rota=True)
        .exclude(position=Position.OBSERVER)
        .select_related("user")
        .order_by("started_on", "pk")
    )
    order = [m.user_id for m in members]
    if after is not None:
        members = [m for m in members if m.user_id != after.pk]
    if not members:
        return None
    others = (
        Meeting.objects.for_place(meeting.place)
        .not_cancelled()
        .filter(board=board)
        .exclude(pk=meeting.pk)
    )
    field = "chair" if duty == "chair" else "minute_taker"
    turns = {
        row[field]: (row["n"], row["last"])
        for row in others.filter(**{f"{field}__isnull": False})
        .values(field)
        .annotate(n=Count("pk"), last=Max("starts_at"))
    }
    oldest = timezone.now().replace(year=1900)
    start = order.index(after.pk) if after is not None and after.pk in order else -1

    def key(m):
        n, last = turns.get(m.user_id, (0, None))
        distance = (order.index(m.user_id) - start) % len(order)
        return (n, last or oldest, distance)

    return min(members, key=key).user


@transaction.atomic
def rota_assign(*, place, actor, meeting):
    """Give the meeting a chair and a minute-taker from the rota (never one person both)."""
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    refuse_if_cancelled(meeting)
    chair = rota_pick(meeting, duty="chair")
    if chair is None:
        raise RuleViolation(_("Nobody on this board takes part in the rota yet."))
    minute_taker = rota_pick(meeting, duty="minutes", after=chair)
    meeting.chair = chair
    meeting.minute_taker = minute_taker
    meeting.save(update_fields=["chair", "minute_taker", "updated_at"])
    audit_record(
        place=place,
        actor=actor,
        action="boards.rota.assign",
        target=meeting,
        changes={"chair": chair, "minute_taker": minute_taker},
    )
    return meeting
