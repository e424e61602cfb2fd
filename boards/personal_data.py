"""What boards hold about a person, and what closing their account does to it.

Kept, with the person shown as "Former member": the ideas residents put (the public record of
what residents asked), comments, supports, questions, board seats (ended), attendance, decisions,
declarations of interest, votes, actions and report-backs. The names written into governance
records at the time (a declaration's or vote's member name, an amendment's author name) become
"Former member". Dropped: their calendar link (a secret) and their registrations for meetings.
"""

from django.db.models import F
from django.utils import timezone

from coordination.personal_data.registry import model_data

from .models import (
    BoardMembership,
    CalendarFeed,
    DeclarationOfInterest,
    MeetingRegistration,
    RecordAmendment,
    Vote,
)

FORMER_MEMBER = "Former member"


def end_seats(user):
    today = timezone.localdate()
    seats = BoardMembership.objects.filter(user=user, ended_on__isnull=True)
    seats.filter(started_on__lte=today).update(ended_on=today, in_rota=False)
    seats.filter(started_on__gt=today).update(ended_on=F("started_on"), in_rota=False)


def forget_calendar(user):
    CalendarFeed.objects.filter(user=user).delete()


def forget_registrations(user):
    MeetingRegistration.objects.filter(user=user).delete()


def rename_in_records(user):
    DeclarationOfInterest.objects.filter(member=user).update(member_name=FORMER_MEMBER)
    Vote.objects.filter(member=user).update(member_name=FORMER_MEMBER)
    RecordAmendment.objects.filter(amended_by=user).update(amended_by_name=FORMER_MEMBER)


def _recorded(name, label, field, extra=()):
    """Records the person kept as an officer: which, and when, not their contents."""
    return model_data(name, label, [field], ("id", "place_id", *extra))


ENTRIES = (
    model_data(
        "boards.seats",
        "boards.BoardMembership",
        ["user"],
        ("id", "place_id", "board_id", "position", "sector", "started_on", "ended_on", "in_rota"),
        anonymise=end_seats,
    ),
    model_data(
        "boards.ideas",
        "boards.Proposal",
        ["proposed_by"],
        ("id", "place_id", "board_id", "title", "description", "status", "answer", "created_at"),
    ),
    model_data(
        "boards.comments",
        "boards.ProposalComment",
        ["author"],
        ("id", "place_id", "proposal_id", "text", "hidden_at", "created_at"),
    ),
    model_data(
        "boards.supports",
        "boards.ProposalSupport",
        ["user"],
        ("id", "place_id", "proposal_id", "created_at"),
    ),
    model_data(
        "boards.reports_made",
        "boards.ContentReport",
        ["reporter"],
        ("id", "place_id", "proposal_id", "comment_id", "reason", "detail", "created_at"),
    ),
    _recorded("boards.reports_resolved", "boards.ContentReport", "resolved_by", ("resolved_at",)),
    _recorded("boards.ideas_hidden", "boards.Proposal", "hidden_by", ("hidden_at",)),
    _recorded("boards.comments_hidden", "boards.ProposalComment", "hidden_by", ("hidden_at",)),
    model_data(
        "boards.meeting_registrations",
        "boards.MeetingRegistration",
        ["user"],
        ("id", "place_id", "meeting_id", "created_at"),
        anonymise=forget_registrations,
    ),
    model_data(
        "boards.meeting_questions",
        "boards.MeetingQuestion",
        ["user"],
        ("id", "place_id", "meeting_id", "text", "created_at"),
    ),
    model_data(
        "boards.calendar_links",
        "boards.CalendarFeed",
        ["user"],
        ("id", "place_id", "created_at"),
        anonymise=forget_calendar,
    ),
    model_data(
        "boards.attendance",
        "boards.Attendance",
        ["user"],
        ("id", "place_id", "meeting_id", "status"),
    ),
    model_data(
        "boards.declarations",
        "boards.DeclarationOfInterest",
        ["member", "recorded_by"],
        ("id", "place_id", "meeting_id", "agenda_item_id", "kind", "created_at", "withdrawn_at"),
        anonymise=rename_in_records,
    ),
    model_data(
        "boards.votes",
        "boards.Vote",
        ["member", "recorded_by"],
        ("id", "place_id", "agenda_item_id", "choice", "created_at", "withdrawn_at"),
    ),
    model_data(
        "boards.record_amendments",
        "boards.RecordAmendment",
        ["amended_by"],
        ("id", "place_id", "amended_at", "reason", "withdrawn"),
    ),
    model_data(
        "boards.meetings_chaired_or_minuted",
        "boards.Meeting",
        ["chair", "minute_taker"],
        ("id", "place_id", "board_id", "title", "starts_at"),
    ),
    model_data(
        "boards.agenda_items_owned",
        "boards.AgendaItem",
        ["owner"],
        ("id", "place_id", "meeting_id", "title"),
    ),
    _recorded("boards.papers_uploaded", "boards.Paper", "uploaded_by", ("title", "uploaded_at")),
    _recorded("boards.decisions_recorded", "boards.Decision", "recorded_by", ("created_at",)),
    model_data(
        "boards.actions_owned",
        "boards.Action",
        ["owner"],
        ("id", "place_id", "board_id", "title", "due_on", "status", "created_at"),
    ),
    model_data(
        "boards.action_notes",
        "boards.ActionNote",
        ["author"],
        ("id", "place_id", "action_id", "text", "created_at"),
    ),
    model_data(
        "boards.report_backs",
        "boards.ReportBack",
        ["submitted_by"],
        ("id", "place_id", "subgroup_id", "summary", "progress", "asks", "submitted_at"),
    ),
    model_data(
        "boards.recommendation_responses",
        "boards.Recommendation",
        ["responded_by"],
        ("id", "place_id", "report_back_id", "response_status", "response", "responded_at"),
    ),
    _recorded("boards.structures_made", "boards.CommunityStructure", "created_by", ("name",)),
)
