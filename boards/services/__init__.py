"""Every change to boards, meetings, report-backs and proposals: validated, atomic and audited.

Callers (views, API) check what the person may do with boards.permissions first; these functions
keep the rules of the domain and refuse what breaks them with a RuleViolation.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.notifications.services import notify
from coordination.uploads import BOARD_PAPERS

from .models import (
    Action,
    ActionNote,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    BoardKind,
    BoardMembership,
    CalendarFeed,
    Decision,
    DeclarationOfInterest,
    Meeting,
    MeetingQuestion,
    MeetingRegistration,
    MinutesStatus,
    Paper,
    Position,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    Recommendation,
    ReportBack,
    ReportBackStatus,
    ResponseStatus,
    Vote,
    VoteChoice,
)
from .permissions import forget_seats


def _clean(obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RuleViolation(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


def _officers(board):
    return [
        m.user
        for m in BoardMembership.objects.for_place(board.place)
        .current()
        .filter(board=board, position__in=Position.officers())
        .select_related("user")
        .order_by("user_id")
    ]


def _notify_people(place, people, *, kind, title, url, body="", skip=None):
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (skip is not None and person.pk == skip.pk):
            continue
        seen.add(person.pk)
        notify(place=place, user=person, kind=kind, title=title, body=body, url=url)


# Boards and seats

BOARD_FIELDS = (
    "name",
    "kind",
    "description",
    "parent",
    "theme",
    "remit",
    "review_date",
    "area",
    "is_public",
    "seats",
    "report_back_lead_days",
)


def _unique_slug(place, name, exclude_pk=None):
    base = slugify(name)[:70] or "board"
    slug, n = base, 2
    existing = Board.objects.for_place(place)
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def board_create(*, place, actor, name, kind, **fields):
    board = Board(
        place=place,
        name=name,
        kind=kind,
        slug=_unique_slug(place, name),
        **{k: v for k, v in fields.items() if k in BOARD_FIELDS},
    )
    _clean(board)
    board.save()
    audit_record(
        place=place,
        actor=actor,
        action="board.create",
        target=board,
        changes={"name": name, "kind": kind, "parent": board.parent, "is_public": board.is_public},
    )
    if board.parent_id:
        # A new subgroup reports to its parent's meetings still to come.
        _sync_report_backs(place, board)
    return board


@transaction.atomic
def board_update(*, place, actor, board, **fields):
    before = {k: getattr(board, k) for k in BOARD_FIELDS}
    for key, value in fields.items():
        if key in BOARD_FIELDS:
            setattr(board, key, value)
    _clean(board)
    board.save()
    changes = {
        k: [before[k], getattr(board, k)] for k in BOARD_FIELDS if before[k] != getattr(board, k)
    }
    audit_record(place=place, actor=actor, action="board.update", target=board, changes=changes)
    if {"kind", "parent", "report_back_lead_days"} & set(changes) or board.is_subgroup:
        # A new parent or lead time changes which report-backs fall due, and when.
        _sync_report_backs(place, board)
    return board


@transaction.atomic
def board_membership_add(
    *,
    place,
    actor,
    board,
    user,
    position,
    sector,
    organisation=None,
    started_on=None,
    ended_on=None,
    in_rota=True,
):
    from coordination.accounts.models import Membership

    if not Membership.objects.for_place(place).filter(user=user).exists():
        raise RuleViolation(
            {"user": _("Only members of %(place)s can sit on its boards.") % {"place": place}}
        )
    if (
        BoardMembership.objects.for_place(place)
        .filter(board=board, user=user, ended_on__isnull=True)
        .exists()
    ):
        raise RuleViolation(
            {"user": _("%(person)s already has a seat on this board.") % {"person": user}}
        )
    membership = BoardMembership(
        place=place,
        board=board,
        user=user,
        position=position,
        sector=sector,
        organisation=organisation,
        started_on=started_on or timezone.localdate(),
        ended_on=ended_on,
        in_rota=in_rota,
    )
    _clean(membership)
    membership.save()
    forget_seats(user)
    audit_record(
        place=place,
        actor=actor,
        action="board.membership_add",
        target=membership,
        changes={"board": board, "person": user, "position": position, "sector": sector},
    )
    return membership


@transaction.atomic
def board_membership_end(*, place, actor, membership, ended_on=None):
    ended_on = ended_on or timezone.localdate()
    membership = BoardMembership.objects.for_place(place).select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None:
        raise RuleViolation(
            _("This seat already ends on %(date)s.")
            % {"date": membership.ended_on.strftime("%-d %B %Y")}
        )
    if ended_on < membership.started_on:
        raise RuleViolation(
            {
                "ended_on": _("The seat started on %(start)s; it cannot end before that.")
                % {"start": membership.started_on.strftime("%-d %B %Y")}
            }
        )
    membership.ended_on = ended_on
    _clean(membership)
    membership.save(update_fields=["ended_on"])
    forget_seats(membership.user)
    audit_record(
        place=place,
        actor=actor,
        action="board.membership_end",
        target=membership,
        changes={"ended_on": ended_on},
    )
    return membership


MEMBERSHIP_FIELDS = ("position", "sector", "organisation", "started_on", "in_rota")


@transaction.atomic
def board_membership_update(*, place, actor, membership, **fields):
    """Change a current seat: position, sector, organisation, start date, place in the rota."""
    membership = (
        BoardMembership.objects.for_place(place)
        .select_for_update()
        .select_related("board", "user")
        .get(pk=membership.pk)
    )
    if membership.ended_on is not None and membership.ended_on < timezone.localdate():
        raise RuleViolation(_("This seat has ended; add the person again to give them a new one."))
    before = {k: getattr(membership, k) for k in MEMBERSHIP_FIELDS}
    for key, value in fields.items():
        if key in MEMBERSHIP_FIELDS:
            setattr(membership, key, value)
    _clean(membership)
    membership.save()
    forget_seats(membership.user)
    changes = {
        k: [before[k], getattr(membership, k)]
        for k in MEMBERSHIP_FIELDS
        if before[k] != getattr(membership, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="board.membership_update",
        target=membership,
        changes=changes,
    )
    return membership


# Meetings

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
    meeting = Meeting(
        place=place, board=board, **{k: v for k, v in fields.items() if k in MEETING_FIELDS}
    )
    _clean(meeting)
    meeting.save()
    audit_record(
        place=place,
        actor=actor,
        action="meeting.create",
        target=meeting,
        changes={k: fields.get(k) for k in MEETING_FIELDS if k in fields},
    )
    for subgroup in Board.objects.for_place(place).filter(parent=board, is_active=True):
        _schedule_report_back(place, subgroup, meeting)
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


def _refuse_if_cancelled(meeting, message=None):
    if meeting.cancelled_at is not None:
        raise RuleViolation(message or _("This meeting has been cancelled."))


@transaction.atomic
def meeting_update(*, place, actor, meeting, **fields):
    """Change or reschedule a meeting; report-backs due to it move with it, and people are told."""
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    _refuse_if_cancelled(meeting, _("A cancelled meeting cannot be changed."))
    before = {k: getattr(meeting, k) for k in MEETING_FIELDS}
    for key, value in fields.items():
        if key in MEETING_FIELDS:
            setattr(meeting, key, value)
    _clean(meeting)
    meeting.save()
    changes = {
        k: [before[k], getattr(meeting, k)]
        for k in MEETING_FIELDS
        if before[k] != getattr(meeting, k)
    }
    audit_record(place=place, actor=actor, action="meeting.update", target=meeting, changes=changes)
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
        _notify_people(
            place,
            _people_of_meeting(meeting),
            kind="boards.meeting_changed",
            title=_("%(meeting)s has changed: now %(when)s")
            % {"meeting": meeting.title, "when": when.strftime("%A %-d %B %Y, %H:%M")},
            body=meeting.venue or meeting.online_url,
            url=meeting_url(meeting),
            skip=actor,
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, place, actor, meeting, reason):
    """Call a meeting off: it stays listed as cancelled; report-backs not yet sent stop being due."""
    meeting = Meeting.objects.for_place(place).select_for_update().get(pk=meeting.pk)
    _refuse_if_cancelled(meeting, _("This meeting is already cancelled."))
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
        action="meeting.cancel",
        target=meeting,
        changes={"reason": meeting.cancellation_reason, "report_backs_dropped": dropped_count},
    )
    _notify_people(
        place,
        _people_of_meeting(meeting),
        kind="boards.meeting_cancelled",
        title=_("%(meeting)s is cancelled") % {"meeting": meeting.title},
        body=meeting.cancellation_reason,
        url=meeting_url(meeting),
        skip=actor,
    )
    return meeting


@transaction.atomic
def agenda_item_add(*, place, actor, meeting, title, description="", owner=None):
    _refuse_if_cancelled(meeting)
    last = (
        AgendaItem.objects.for_place(place).filter(meeting=meeting).aggregate(m=Max("order"))["m"]
    )
    item = AgendaItem(
        place=place,
        meeting=meeting,
        order=(last or 0) + 1,
        title=title,
        description=description,
        owner=owner,
    )
    _clean(item)
    item.save()
    audit_record(
        place=place,
        actor=actor,
        action="meeting.agenda_item_add",
        target=item,
        changes={"meeting": meeting, "title": title, "owner": owner},
    )
    return item


AGENDA_ITEM_FIELDS = ("title", "description", "owner")


@transaction.atomic
def agenda_item_update(*, place, actor, item, **fields):
    item = AgendaItem.objects.for_place(place).select_for_update().get(pk=item.pk)
    before = {k: getattr(item, k) for k in AGENDA_ITEM_FIELDS}
    for key, value in fields.items():
        if key in AGENDA_ITEM_FIELDS:
            setattr(item, key, value)
    _clean(item)
    item.save()
    changes = {
        k: [before[k], getattr(item, k)]
        for k in AGENDA_ITEM_FIELDS
        if before[k] != getattr(item, k)
    }
    audit_record(
        place=place, actor=actor, action="meeting.agenda_item_update", target=item, changes=changes
    )
    return item


@transaction.atomic
def agenda_item_remove(*, place, actor, item):
    """Take an item off the agenda with its papers; a subgroup's report-back stays on."""
    item = AgendaItem.objects.for_place(place).select_for_update().get(pk=item.pk)
    if ReportBack.objects.for_place(place).filter(agenda_item=item).exists():
        raise RuleViolation(
            _(
                "This item is a subgroup’s report-back; it stays on the agenda so the board "
                "can respond to it."
            )
        )
    meeting = item.meeting
    papers = list(Paper.objects.for_place(place).filter(agenda_item=item))
    audit_record(
        place=place,
        actor=actor,
        action="meeting.agenda_item_remove",
        target=item,
        changes={"meeting": meeting, "title": item.title, "papers": len(papers)},
    )
    files = [p.file for p in papers]
    item.delete()
    # The files go only once the removal is committed, so a rollback keeps them.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    _renumber(place, meeting)
    return meeting


def _renumber(place, meeting, order=None):
    items = list(
        order
        if order is not None
        else AgendaItem.objects.for_place(place).filter(meeting=meeting).order_by("order", "pk")
    )
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def agenda_item_move(*, place, actor, item, direction):
    """Move an item one place up or down the agenda."""
    if direction not in ("up", "down"):
        raise RuleViolation(_("Move an item up or down."))
    items = list(
        AgendaItem.objects.for_place(place)
        .select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("order", "pk")
    )
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        raise RuleViolation(
            _("This item is already first.")
            if direction == "up"
            else _("This item is already last.")
        )
    items[index], items[other] = items[other], items[index]
    _renumber(place, item.meeting, items)
    audit_record(
        place=place,
        actor=actor,
        action="meeting.agenda_item_move",
        target=item,
        changes={"direction": direction, "position": other + 1},
    )
    return items[other]


# Papers: what a paper may be is the board papers upload policy (content and size, never the name).


def max_paper_bytes():
    return BOARD_PAPERS.limit()


def check_paper_file(upload):
    """The content type of a paper; RuleViolation on ``file`` if its content or size is refused."""
    return BOARD_PAPERS.check_for(upload, "file").mime


@transaction.atomic
def paper_upload(*, place, actor, agenda_item, title, file, is_private=True):
    content_type = check_paper_file(file)
    paper = Paper(
        place=place,
        agenda_item=agenda_item,
        title=title,
        original_name=(file.name or "paper")[-200:],
        content_type=content_type,
        size=file.size,
        is_private=is_private,
        uploaded_by=actor,
    )
    paper.file = file
    _clean(paper)
    paper.save()
    audit_record(
        place=place,
        actor=actor,
        action="meeting.paper_upload",
        target=paper,
        changes={"agenda_item": agenda_item, "private": is_private, "size": file.size},
    )
    return paper


@transaction.atomic
def attendance_register(*, place, actor, meeting, statuses):
    """Record the register at once: {person: present / apologies / absent}."""
    _refuse_if_cancelled(meeting, _("A cancelled meeting has no register."))
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
        action="meeting.attendance",
        target=meeting,
        changes={"person": user, "status": status},
    )
    return attendance


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
        action="meeting.minutes_publish" if publish else "meeting.minutes_draft",
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
    _clean(decision)
    decision.save()
    audit_record(
        place=place, actor=actor, action="meeting.decision", target=decision, changes={"text": text}
    )
    return decision


@transaction.atomic
def meeting_register(*, place, actor, meeting):
    _refuse_if_cancelled(meeting)
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
    audit_record(place=place, actor=actor, action="meeting.register", target=meeting)
    return registration


@transaction.atomic
def question_send(*, place, actor, meeting, text):
    _refuse_if_cancelled(meeting, _("This meeting has been cancelled; it takes no questions."))
    if not meeting.is_public:
        raise RuleViolation(_("Questions go to public meetings."))
    if meeting.starts_at <= timezone.now():
        raise RuleViolation({"text": _("Questions must be sent in before the meeting starts.")})
    question = MeetingQuestion(place=place, meeting=meeting, user=actor, text=text)
    _clean(question)
    question.save()
    audit_record(place=place, actor=actor, action="meeting.question", target=question)
    _notify_people(
        place,
        _officers(meeting.board),
        kind="boards.question",
        title=_("A question for %(meeting)s") % {"meeting": meeting.title},
        body=text[:500],
        url=meeting_url(meeting),
        skip=actor,
    )
    return question


def meeting_url(meeting):
    from django.urls import reverse

    return reverse(
        "places:boards:meeting_detail", kwargs={"place_slug": meeting.place.slug, "pk": meeting.pk}
    )


# Actions


@transaction.atomic
def action_create(
    *,
    place,
    actor,
    board,
    title,
    due_on,
    meeting=None,
    description="",
    owner=None,
    owner_organisation=None,
):
    action = Action(
        place=place,
        board=board,
        meeting=meeting,
        title=title,
        description=description,
        owner=owner,
        owner_organisation=owner_organisation,
        due_on=due_on,
    )
    _clean(action)
    action.save()
    audit_record(
        place=place,
        actor=actor,
        action="action.create",
        target=action,
        changes={"owner": owner, "organisation": owner_organisation, "due_on": due_on},
    )
    if owner is not None:
        from django.urls import reverse

        _notify_people(
            place,
            [owner],
            kind="boards.action",
            title=_("An action for you: %(title)s") % {"title": title},
            url=reverse(
                "places:boards:action_detail", kwargs={"place_slug": place.slug, "pk": action.pk}
            ),
            skip=actor,
        )
    return action


@transaction.atomic
def action_update(*, place, actor, action, status=None, note=""):
    action = Action.objects.for_place(place).select_for_update().get(pk=action.pk)
    before = action.status
    if status and status != action.status:
        action.status = status
        action.completed_at = timezone.now() if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "completed_at", "updated_at"])
    if note.strip():
        ActionNote.objects.for_place(place).create(
            place=place, action=action, text=note.strip(), author=actor
        )
    if before == action.status and not note.strip():
        raise RuleViolation({"note": _("Add a progress note or change the status.")})
    audit_record(
        place=place,
        actor=actor,
        action="action.update",
        target=action,
        changes={"status": [before, action.status]} if before != action.status else {"note": True},
    )
    return action


ACTION_FIELDS = ("title", "description", "owner", "owner_organisation", "due_on")


@transaction.atomic
def action_edit(*, place, actor, action, **fields):
    """Change what an action is, who owns it or when it is due; a new owner is told."""
    action = Action.objects.for_place(place).select_for_update().get(pk=action.pk)
    before = {k: getattr(action, k) for k in ACTION_FIELDS}
    for key, value in fields.items():
        if key in ACTION_FIELDS:
            setattr(action, key, value)
    _clean(action)
    action.save()
    changes = {
        k: [before[k], getattr(action, k)] for k in ACTION_FIELDS if before[k] != getattr(action, k)
    }
    audit_record(place=place, actor=actor, action="action.edit", target=action, changes=changes)
    if "owner" in changes and action.owner is not None:
        from django.urls import reverse

        _notify_people(
            place,
            [action.owner],
            kind="boards.action",
            title=_("An action for you: %(title)s") % {"title": action.title},
            url=reverse(
                "places:boards:action_detail", kwargs={"place_slug": place.slug, "pk": action.pk}
            ),
            skip=actor,
        )
    return action


# Report-backs


def _sync_report_backs(place, subgroup):
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
            action="report_back.dropped",
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
        _schedule_report_back(place, subgroup, meeting)


def _schedule_report_back(place, subgroup, meeting):
    due_at = meeting.starts_at - timedelta(days=subgroup.report_back_lead_days)
    report_back, created = ReportBack.objects.for_place(place).get_or_create(
        place=place, subgroup=subgroup, parent_meeting=meeting, defaults={"due_at": due_at}
    )
    if created:
        audit_record(
            place=place,
            actor=None,
            action="report_back.due",
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
    return _schedule_report_back(place, subgroup, parent_meeting)


@transaction.atomic
def report_back_submit(
    *, place, actor, report_back, summary, progress="", asks="", recommendations=()
):
    """Submit a subgroup's report-back; it goes on the parent meeting's agenda at once."""
    report_back = ReportBack.objects.for_place(place).select_for_update().get(pk=report_back.pk)
    if report_back.status == ReportBackStatus.SUBMITTED:
        raise RuleViolation(_("This report-back has already been submitted."))
    meeting = report_back.parent_meeting
    _refuse_if_cancelled(meeting, _("The parent board’s meeting has been cancelled."))
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
        action="report_back.submit",
        target=report_back,
        changes={"recommendations": len(recommendations), "meeting": meeting},
    )
    from django.urls import reverse

    _notify_people(
        place,
        _officers(meeting.board),
        kind="boards.report_back",
        title=_("%(subgroup)s reported back for %(meeting)s")
        % {"subgroup": report_back.subgroup.name, "meeting": meeting.title},
        url=reverse(
            "places:boards:report_back_detail",
            kwargs={"place_slug": place.slug, "pk": report_back.pk},
        ),
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
    recommendation.response_status = response_status
    recommendation.response = response.strip()
    recommendation.responded_by = actor
    recommendation.responded_at = timezone.now()
    recommendation.save()
    audit_record(
        place=place,
        actor=actor,
        action="report_back.respond",
        target=recommendation,
        changes={"response_status": [before, response_status]},
    )
    report_back = recommendation.report_back
    from django.urls import reverse

    _notify_people(
        place,
        _officers(report_back.subgroup),
        kind="boards.report_back_response",
        title=_("%(board)s responded to your recommendation")
        % {"board": report_back.parent_meeting.board.name},
        body=recommendation.text[:300],
        url=reverse(
            "places:boards:report_back_detail",
            kwargs={"place_slug": place.slug, "pk": report_back.pk},
        ),
        skip=actor,
    )
    return recommendation


# Community boards


@transaction.atomic
def proposal_create(*, place, actor, board, title, description):
    if board.kind != BoardKind.COMMUNITY_BOARD:
        raise RuleViolation(_("Ideas go to community boards."))
    proposal = Proposal(
        place=place, board=board, title=title, description=description, proposed_by=actor
    )
    _clean(proposal)
    proposal.save()
    audit_record(
        place=place,
        actor=actor,
        action="proposal.create",
        target=proposal,
        changes={"title": title},
    )
    return proposal


@transaction.atomic
def proposal_support(*, place, actor, proposal):
    if proposal.status in (ProposalStatus.DONE, ProposalStatus.NOT_TAKEN_FORWARD):
        raise RuleViolation(_("The board has answered this idea; it no longer takes support."))
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.for_place(place).create(
                place=place, proposal=proposal, user=actor
            )
    except IntegrityError as exc:
        raise RuleViolation(
            _("You already support this idea. Each person can support it once.")
        ) from exc
    audit_record(place=place, actor=actor, action="proposal.support", target=proposal)
    return support


@transaction.atomic
def proposal_answer(*, place, actor, proposal, status, answer="", reason=""):
    proposal = Proposal.objects.for_place(place).select_for_update().get(pk=proposal.pk)
    before = proposal.status
    proposal.status = status
    proposal.answer = answer.strip()
    proposal.reason = reason.strip() if status == ProposalStatus.NOT_TAKEN_FORWARD else ""
    if before != status:
        proposal.status_changed_at = timezone.now()
    _clean(proposal)
    proposal.save()
    audit_record(
        place=place,
        actor=actor,
        action="proposal.answer",
        target=proposal,
        changes={"status": [before, status]},
    )
    if proposal.proposed_by_id and before != status:
        from django.urls import reverse

        _notify_people(
            place,
            [proposal.proposed_by],
            kind="boards.proposal",
            title=_("Your idea “%(title)s” is now: %(status)s")
            % {"title": proposal.title, "status": proposal.get_status_display().lower()},
            url=reverse(
                "places:boards:proposal_detail",
                kwargs={"place_slug": place.slug, "pk": proposal.pk},
            ),
            skip=actor,
        )
    return proposal


# Spreading the load: the rota


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
    _refuse_if_cancelled(meeting)
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
        action="meeting.rota",
        target=meeting,
        changes={"chair": chair, "minute_taker": minute_taker},
    )
    return meeting


# Calendars


@transaction.atomic
def calendar_feed_for(*, place, user, reset=False):
    feed = CalendarFeed.objects.for_place(place).filter(user=user).first()
    if feed is not None and reset:
        audit_record(place=place, actor=user, action="calendar.reset", target=feed)
        feed.delete()
        feed = None
    if feed is None:
        feed = CalendarFeed.objects.for_place(place).create(place=place, user=user)
    return feed


# Declarations of interest and votes


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

    A declaration on an item bars the member's vote on it: a vote already cast is struck out
    (and the audit says so), so the minutes never count a conflicted vote.
    """
    meeting = Meeting.objects.for_place(place).select_related("board").get(pk=meeting.pk)
    _refuse_if_cancelled(meeting, _("A cancelled meeting takes no declarations."))
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
        .filter(agenda_item=agenda_item, member=member)
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
        kind=kind,
        nature=(nature or "").strip(),
        recorded_by=actor,
    )
    _clean(declaration)
    declaration.save()
    struck = 0
    if agenda_item is not None:
        struck, _counts = (
            Vote.objects.for_place(place).filter(agenda_item=agenda_item, member=member).delete()
        )
    audit_record(
        place=place,
        actor=actor,
        action="meeting.declaration",
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
    _refuse_if_cancelled(meeting, _("A cancelled meeting takes no votes."))
    if choice not in VoteChoice.values:
        raise RuleViolation({"choice": _("Choose for, against or abstain.")})
    if meeting.starts_at > timezone.now():
        raise RuleViolation(_("Votes are taken at the meeting: it has not started yet."))
    declared = DeclarationOfInterest.objects.for_place(place).filter(
        agenda_item=item, member=member
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
    if Vote.objects.for_place(place).filter(agenda_item=item, member=member).exists():
        raise RuleViolation(
            {"member": _("%(person)s has already voted on this item.") % {"person": member}}
        )
    vote = Vote(place=place, agenda_item=item, member=member, choice=choice, recorded_by=actor)
    _clean(vote)
    vote.save()
    audit_record(
        place=place,
        actor=actor,
        action="meeting.vote",
        target=item,
        changes={"member": member, "choice": choice},
    )
    return vote
