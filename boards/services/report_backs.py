"""Report-backs a subgroup owes its parent board's meetings: scheduled for each meeting
still to come, submitted onto the meeting's agenda, and each recommendation answered."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.services import tell_each

from ..models import Meeting, Recommendation, ReportBack, ReportBackStatus, ResponseStatus
from ..news import REPORT_BACK_ANSWERED
from ._common import notify_people, officers, refuse_if_cancelled
from .agenda import agenda_item_add


def sync_report_backs(place, subgroup):
    """Make the report-backs a subgroup owes match its parent's meetings still to come.

    Due ones are (re)timed by the lead time; due ones to a board that is no longer its parent
    stop being due. Submitted report-backs are history and never change.
    """
    pending = ReportBack.objects.for_place(place).filter(
        subgroup=subgroup, status=ReportBackStatus.DUE
    )
    if not subgroup.is_subgroup or not subgroup.is_active:
        stale = pending
    else:
        stale = pending.exclude(parent_meeting__board_id=subgroup.parent_id)
    for report_back in stale.select_related("parent_meeting"):
        audit_record(
            place=place,
            actor=None,
            action="boards.report_back.drop",
            target=report_back,
            changes={"parent_meeting": report_back.parent_meeting},
        )
    stale.delete()
    if not subgroup.is_subgroup or not subgroup.is_active:
        return
    lead = timedelta(days=subgroup.report_back_lead_days)
    for report_back in pending.select_related("parent_meeting"):
        due_at = report_back.parent_meeting.starts_at - lead
        if report_back.due_at != due_at:
            report_back.due_at = due_at
            report_back.save(update_fields=["due_at"])
    for meeting in (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(board_id=subgroup.parent_id, starts_at__gt=timezone.now())
    ):
        schedule_report_back(place, subgroup, meeting)


def schedule_report_back(place, subgroup, meeting):
    due_at = meeting.starts_at - timedelta(days=subgroup.report_back_lead_days)
    report_back, created = ReportBack.objects.for_place(place).get_or_create(
        place=place, subgroup=subgroup, parent_meeting=meeting, defaults={"due_at": due_at}
    )
    if created:
        audit_record(
            place=place,
            actor=None,
            action="boards.report_back.reschedule",
            target=report_back,
            changes={"parent_meeting": meeting, "due_at": due_at},
        )
    return report_back


@transaction.atomic
def report_back_open(*, place, actor, subgroup, parent_meeting):
    """The report-back a subgroup owes a meeting: found, or made now. Refused for any other board."""
    report_back = ReportBack(
        place=place,
        subgroup=subgroup,
        parent_meeting=parent_meeting,
        due_at=parent_meeting.starts_at - timedelta(days=subgroup.report_back_lead_days),
    )
    try:
        report_back.clean()
    except ValidationError as exc:
        raise RuleViolation(exc.message_dict) from exc
    if parent_meeting.cancelled_at is not None:
        raise RuleViolation({"parent_meeting": _("That meeting has been cancelled.")})
    return schedule_report_back(place, subgroup, parent_meeting)


@transaction.atomic
def report_back_submit(
    *, place, actor, report_back, summary, progress="", asks="", recommendations=()
):
    """Submit a subgroup's report-back; it goes on the parent meeting's agenda at once."""
    report_back = ReportBack.objects.for_place(place).select_for_update().get(pk=report_back.pk)
    if report_back.status == ReportBackStatus.SUBMITTED:
        raise RuleViolation(_("This report-back has already been submitted."))
    meeting = report_back.parent_meeting
    refuse_if_cancelled(meeting, _("The parent board’s meeting has been cancelled."))
    if meeting.starts_at <= timezone.now():
        raise RuleViolation(_("The parent board’s meeting has already started."))
    if not summary.strip():
        raise RuleViolation({"summary": _("Write a summary of the subgroup’s work.")})
    recommendations = [r.strip() for r in recommendations if r and r.strip()]
    report_back.summary = summary.strip()
    report_back.progress = progress.strip()
    report_back.asks = asks.strip()
    report_back.status = ReportBackStatus.SUBMITTED
    report_back.submitted_by = actor
    report_back.submitted_at = timezone.now()
    report_back.agenda_item = agenda_item_add(
        place=place,
        actor=actor,
        meeting=meeting,
        title=_("Report-back from %(subgroup)s") % {"subgroup": report_back.subgroup.name},
        description=report_back.summary,
        owner=actor,
    )
    report_back.save()
    Recommendation.objects.for_place(place).bulk_create(
        [
            Recommendation(place=place, report_back=report_back, order=i, text=text)
            for i, text in enumerate(recommendations, start=1)
        ]
    )
    audit_record(
        place=place,
        actor=actor,
        action="boards.report_back.submit",
        target=report_back,
        changes={"recommendations": len(recommendations), "meeting": meeting},
    )
    notify_people(
        place,
        officers(meeting.board),
        kind="boards.report_back",
        key=f"report_back:{report_back.pk}:submitted",
        title=_("%(subgroup)s reported back for %(meeting)s")
        % {"subgroup": report_back.subgroup.name, "meeting": meeting.title},
        url=report_back.get_absolute_url(),
        skip=actor,
    )
    return report_back


@transaction.atomic
def recommendation_respond(*, place, actor, recommendation, response_status, response=""):
    recommendation = (
        Recommendation.objects.for_place(place).select_for_update().get(pk=recommendation.pk)
    )
    if response_status not in ResponseStatus.values or response_status == ResponseStatus.PENDING:
        raise RuleViolation({"response_status": _("Choose the board’s response.")})
    if response_status == ResponseStatus.DECLINED and not response.strip():
        raise RuleViolation({"response": _("Say why the board does not accept it.")})
    before = recommendation.response_status
    previous_response = recommendation.response
    recommendation.response_status = response_status
    recommendation.response = response.strip()
    recommendation.responded_by = actor
    recommendation.responded_at = timezone.now()
    recommendation.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.report_back.respond",
        target=recommendation,
        changes={"response_status": [before, response_status]},
    )
    if (before, previous_response) != (response_status, recommendation.response):
        _tell_answered(place, recommendation, actor)
    return recommendation


def _tell_answered(place, recommendation, actor):
    """Tell the subgroup's officers and whoever submitted the report-back of the board's response
    to a recommendation: once for each response (a changed response is told again)."""
    report_back = recommendation.report_back
    board = report_back.parent_meeting.board
    status = recommendation.get_response_status_display()
    tell_each(
        place,
        [*officers(report_back.subgroup), report_back.submitted_by],
        skip=actor,
        kind=REPORT_BACK_ANSWERED,
        key=f"recommendation:{recommendation.pk}:{recommendation.response_status}:"
        + hashlib.sha256(recommendation.response.encode()).hexdigest()[:16],
        title=_("%(board)s responded to %(subgroup)s’s recommendation: %(status)s")
        % {"board": board.name, "subgroup": report_back.subgroup.name, "status": status},
        body=recommendation.text[:300]
        + (f"\n\n{recommendation.response}" if recommendation.response else ""),
        url=report_back.get_absolute_url(),
    )
