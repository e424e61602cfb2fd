"""What waits on one person in boards, for My work: each read in a few queries, whatever the rows.

Everyone: their open actions, their next meetings, report-backs due from the subgroups they help
run, and the answers to their own ideas and questions. Board secretaries: ideas waiting for their
board's answer, votes and declarations still to record, and minutes to approve.
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q

from ..models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BoardMembership,
    DeclarationOfInterest,
    Meeting,
    MeetingQuestion,
    MeetingRegistration,
    MinutesStatus,
    Paper,
    Position,
    Proposal,
    ProposalStatus,
    ReportBack,
    ReportBackStatus,
    Vote,
)

MEETINGS_AHEAD = timedelta(days=60)
ANSWERED_RECENTLY = timedelta(days=30)
RECORDS_WINDOW = timedelta(days=90)


def _seats(place, user, positions=None):
    seats = BoardMembership.objects.for_place(place).current().filter(user=user)
    if positions is not None:
        seats = seats.filter(position__in=positions)
    return seats.values("board_id")


def secretary_board_ids(place, user):
    """The boards on which this person is secretary today."""
    return set(
        _seats(place, user, [Position.SECRETARY]).values_list("board_id", flat=True).distinct()
    )


def is_secretary(place, user):
    return _seats(place, user, [Position.SECRETARY]).exists()


def leads_a_subgroup(place, user):
    return _seats(place, user, Position.officers()).filter(board__parent__isnull=False).exists()


def open_actions_of(place, user):
    """The person's own open actions, soonest due first."""
    return (
        Action.objects.for_place(place)
        .still_open()
        .filter(owner=user)
        .select_related("board")
        .order_by("due_on", "pk")
    )


def next_meetings_of(place, user, now):
    """Meetings in the next 60 days of the boards the person sits on, and public meetings they
    registered for, each with whether any paper is published for it."""
    registered = MeetingRegistration.objects.for_place(place).filter(user=user).values("meeting_id")
    papers = Paper.objects.for_place(place).filter(agenda_item__meeting_id=OuterRef("pk"))
    return (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(starts_at__gte=now, starts_at__lte=now + MEETINGS_AHEAD)
        .filter(Q(board_id__in=_seats(place, user)) | Q(pk__in=registered))
        .annotate(has_papers=Exists(papers))
        .select_related("board")
        .order_by("starts_at", "pk")
    )


def report_backs_due_from(place, user, now):
    """Report-backs still due from the subgroups the person chairs, vice-chairs or is secretary of,
    to meetings of the parent board not yet started."""
    return (
        ReportBack.objects.for_place(place)
        .filter(
            status=ReportBackStatus.DUE,
            subgroup_id__in=_seats(place, user, Position.officers()),
            parent_meeting__cancelled_at__isnull=True,
            parent_meeting__starts_at__gt=now,
        )
        .select_related("subgroup", "parent_meeting__board")
        .order_by("due_at", "pk")
    )


def own_ideas(place, user, now):
    """The person's ideas still waiting for an answer, or answered in the last 30 days."""
    answered = [
        ProposalStatus.ACCEPTED,
        ProposalStatus.NOT_TAKEN_FORWARD,
        ProposalStatus.DONE,
        ProposalStatus.UNDER_CONSIDERATION,
    ]
    return (
        Proposal.objects.for_place(place)
        .filter(proposed_by=user, board__is_active=True)
        .filter(
            Q(status__in=[ProposalStatus.NEW, ProposalStatus.UNDER_CONSIDERATION])
            | Q(status__in=answered, status_changed_at__gte=now - ANSWERED_RECENTLY)
        )
        .select_related("board")
        .order_by("-created_at", "pk")
    )


def own_questions(place, user, now):
    """The person's questions to public meetings: awaiting the meeting or its minutes (for up to
    90 days), or answered in minutes published in the last 30 days."""
    return (
        MeetingQuestion.objects.for_place(place)
        .filter(user=user, meeting__cancelled_at__isnull=True)
        .filter(
            Q(meeting__starts_at__gte=now - RECORDS_WINDOW)
            & ~Q(meeting__minutes_status=MinutesStatus.PUBLISHED)
            | Q(
                meeting__minutes_status=MinutesStatus.PUBLISHED,
                meeting__minutes_published_at__gte=now - ANSWERED_RECENTLY,
            )
        )
        .select_related("meeting__board")
        .order_by("meeting__starts_at", "pk")
    )


def ideas_awaiting_answer(place, board_ids):
    """New ideas on these boards, with their support, oldest first."""
    return (
        Proposal.objects.for_place(place)
        .filter(board_id__in=board_ids, board__is_active=True, status=ProposalStatus.NEW)
        .annotate(support_count=Count("supports"))
        .select_related("board")
        .order_by("created_at", "pk")
    )


def minutes_to_approve(place, board_ids, now):
    """Meetings of these boards held in the last 90 days whose minutes are not published."""
    return (
        Meeting.objects.for_place(place)
        .not_cancelled()
        .filter(
            board_id__in=board_ids,
            ends_at__lt=now,
            ends_at__gte=now - RECORDS_WINDOW,
        )
        .exclude(minutes_status=MinutesStatus.PUBLISHED)
        .select_related("board")
        .order_by("starts_at", "pk")
    )


def votes_to_record(place, board_ids, now):
    """[(agenda item, members missing)] for items put to a vote at meetings of these boards held in
    the last 90 days, minutes not yet published, where members recorded as present (not observers)
    have neither voted nor declared an interest. Five queries whatever the rows."""
    voted = Vote.objects.for_place(place).filter(
        agenda_item_id=OuterRef("pk"), withdrawn_at__isnull=True
    )
    items = list(
        AgendaItem.objects.for_place(place)
        .filter(
            meeting__board_id__in=board_ids,
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__lte=now,
            meeting__starts_at__gte=now - RECORDS_WINDOW,
        )
        .exclude(meeting__minutes_status=MinutesStatus.PUBLISHED)
        .filter(Exists(voted))
        .select_related("meeting__board")
        .order_by("meeting__starts_at", "order", "pk")
    )
    if not items:
        return []
    meeting_ids = {i.meeting_id for i in items}
    item_ids = [i.pk for i in items]
    present = {}
    for meeting_id, user_id in (
        Attendance.objects.for_place(place)
        .filter(meeting_id__in=meeting_ids, status=AttendanceStatus.PRESENT)
        .values_list("meeting_id", "user_id")
    ):
        present.setdefault(meeting_id, set()).add(user_id)
    observers = set(
        BoardMembership.objects.for_place(place)
        .current()
        .filter(board_id__in=board_ids, position=Position.OBSERVER)
        .values_list("board_id", "user_id")
    )
    spoken = set(
        Vote.objects.for_place(place)
        .filter(agenda_item_id__in=item_ids, withdrawn_at__isnull=True)
        .values_list("agenda_item_id", "member_id")
    )
    spoken |= set(
        DeclarationOfInterest.objects.for_place(place)
        .filter(agenda_item_id__in=item_ids, withdrawn_at__isnull=True)
        .values_list("agenda_item_id", "member_id")
    )
    out = []
    for item in items:
        board_id = item.meeting.board_id
        missing = [
            user_id
            for user_id in present.get(item.meeting_id, ())
            if (board_id, user_id) not in observers and (item.pk, user_id) not in spoken
        ]
        if missing:
            out.append((item, len(missing)))
    return out


__all__ = [
    "ideas_awaiting_answer",
    "is_secretary",
    "leads_a_subgroup",
    "minutes_to_approve",
    "next_meetings_of",
    "open_actions_of",
    "own_ideas",
    "own_questions",
    "report_backs_due_from",
    "secretary_board_ids",
    "votes_to_record",
]
