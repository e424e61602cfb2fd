"""Meetings: scheduling, changing and cancelling them (people are told), and the public's
part in a public meeting: registering to come and sending in questions."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from ..models import (
    Board,
    BoardMembership,
    Meeting,
    MeetingQuestion,
    MeetingRegistration,
    ReportBack,
    ReportBackStatus,
)
from ._common import notify_people, officers, refuse_if_cancelled
from .report_backs import schedule_report_back

MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "is_public",
    "papers_due_days",
)


@transaction.atomic
def meeting_create(*, place, actor, board, **fields):
    if "is_public" not in fields and board.meets_in_public:
        fields["is_public"] = True
    meeting = Meeting(
        place=place, board=board, **{k: v for k, v in fields.items() if k in MEETING_FIELDS}
    )
    full_clean(meeting)
    meeting.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.meeting.create",
        target=meeting,
        changes={k: fields.get(k) for k in MEETING_FIELDS if k in fields},
    )
    for subgroup in Board.objects.for_place(place).filter(parent=board, is_active=True):
        schedule_report_back(place, subgroup, meeting)
    return meeting


def _people_of_meeting(meeting):
    """Everyone to tell when a meeting moves or is called off: members and those registered."""
    place = meeting.place
    seats = [
        m.user
        for m in BoardMembership.objects.for_place(place)
        .current()
        .filter(board=meeting.board)
        .select_related("user")
        .order_by("user_id")
    ]
    registered = [
        r.user
        for r in MeetingRegistration.objects.for_place(place)
        .filter(meeting=meeting)
        .select_related("user")
        .order_by("user_id")
    ]
    return seats + registered


@transaction.atomic
def meeting_update(*, place, actor, meeting, **fields):
    """Change or reschedule a meeting; report-backs due to it move with it, and people are told."""
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    refuse_if_cancelled(meeting, _("A cancelled meeting cannot be changed."))
    before = {k: getattr(meeting, k) for k in MEETING_FIELDS}
    for key, value in fields.items():
        if key in MEETING_FIELDS:
            setattr(meeting, key, value)
    full_clean(meeting)
    meeting.save()
    changes = {
        k: [before[k], getattr(meeting, k)]
        for k in MEETING_FIELDS
        if before[k] != getattr(meeting, k)
    }
    entry = audit_record(
        place=place, actor=actor, action="boards.meeting.update", target=meeting, changes=changes
    )
    if "starts_at" in changes:
        for report_back in ReportBack.objects.for_place(place).filter(
            parent_meeting=meeting, status=ReportBackStatus.DUE
        ):
            report_back.due_at = meeting.starts_at - timedelta(
                days=report_back.subgroup.report_back_lead_days
            )
            report_back.save(update_fields=["due_at"])
    if {"starts_at", "ends_at", "venue", "online_url"} & set(changes):
        when = timezone.localtime(meeting.starts_at, place.tz)
        notify_people(
            place,
            _people_of_meeting(meeting),
            kind="boards.meeting_changed",
            key=f"meeting:{meeting.pk}:changed:{entry.pk}",
            title=_("%(meeting)s has changed: now %(when)s")
            % {"meeting": meeting.title, "when": when.strftime("%A %-d %B %Y, %H:%M")},
            body=meeting.venue or meeting.online_url,
            url=meeting.get_absolute_url(),
            skip=actor,
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, place, actor, meeting, reason):
    """Call a meeting off: it stays listed as cancelled; report-backs not yet sent stop being due."""
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    refuse_if_cancelled(meeting, _("This meeting is already cancelled."))
    if meeting.starts_at <= timezone.now():
        raise RuleViolation(_("This meeting has already started; it can no longer be cancelled."))
    if not reason.strip():
        raise RuleViolation({"reason": _("Say why the meeting is cancelled.")})
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason.strip()
    meeting.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    dropped = ReportBack.objects.for_place(place).filter(
        parent_meeting=meeting, status=ReportBackStatus.DUE
    )
    dropped_count = dropped.count()
    dropped.delete()
    audit_record(
        place=place,
        actor=actor,
        action="boards.meeting.cancel",
        target=meeting,
        changes={"reason": meeting.cancellation_reason, "report_backs_dropped": dropped_count},
    )
    notify_people(
        place,
        _people_of_meeting(meeting),
        kind="boards.meeting_cancelled",
        key=f"meeting:{meeting.pk}:cancelled",
        title=_("%(meeting)s is cancelled") % {"meeting": meeting.title},
        body=meeting.cancellation_reason,
        url=meeting.get_absolute_url(),
        skip=actor,
    )
    return meeting


@transaction.atomic
def meeting_register(*, place, actor, meeting):
    refuse_if_cancelled(meeting)
    if not meeting.is_public:
        raise RuleViolation(_("Only public meetings take registrations."))
    if meeting.starts_at <= timezone.now():
        raise RuleViolation(_("This meeting has already started."))
    try:
        with transaction.atomic():
            registration = MeetingRegistration.objects.for_place(place).create(
                place=place, meeting=meeting, user=actor
            )
    except IntegrityError as exc:
        raise RuleViolation(_("You are already registered for this meeting.")) from exc
    audit_record(place=place, actor=actor, action="boards.meeting.register", target=meeting)
    return registration


@transaction.atomic
def question_send(*, place, actor, meeting, text):
    refuse_if_cancelled(meeting, _("This meeting has been cancelled; it takes no questions."))
    if not meeting.is_public:
        raise RuleViolation(_("Questions go to public meetings."))
    if meeting.starts_at <= timezone.now():
        raise RuleViolation({"text": _("Questions must be sent in before the meeting starts.")})
    question = MeetingQuestion(place=place, meeting=meeting, user=actor, text=text)
    full_clean(question)
    question.save()
    audit_record(place=place, actor=actor, action="boards.question.ask", target=question)
    notify_people(
        place,
        officers(meeting.board),
        kind="boards.question",
        key=f"question:{question.pk}",
        title=_("A question for %(meeting)s") % {"meeting": meeting.title},
        body=text[:500],
        url=meeting.get_absolute_url(),
        skip=actor,
    )
    return question
