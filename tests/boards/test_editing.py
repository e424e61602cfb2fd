"""Changing what is set up: a board's details, seats (and their end), meetings (rescheduled or
cancelled), agenda items, actions, the attendance register. Each through a service, audited."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import (
    AgendaItem,
    Attendance,
    BoardMembership,
    Meeting,
    Paper,
    Position,
    ReportBack,
    ReportBackStatus,
    Sector,
)
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.notifications.models import Notification
from tests.support.boards import board, meeting, pdf, seat, subgroup

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


def as_user(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def audited(place, action):
    return AuditEntry.objects.for_place(place).filter(action=action).count()


# Boards


def test_a_secretary_edits_the_board_and_a_subgroups_lead_time_moves_its_due_dates(
    in_bucks, people
):
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Food subgroup")
    seat(in_bucks, group, people["secretary"], Position.SECRETARY)
    m = meeting(in_bucks, parent, in_days=30)
    rb = group.report_backs.get()
    assert rb.due_at == m.starts_at - timedelta(days=7)

    client = as_user(people["secretary"])
    page = client.get(url("board_edit", pk=group.pk)).content.decode()
    assert 'value="Food subgroup"' in page
    response = client.post(
        url("board_edit", pk=group.pk),
        {
            "name": "Food and essentials subgroup",
            "kind": "thematic_subgroup",
            "parent": parent.pk,
            "theme": "Food",
            "remit": "Pantries",
            "report_back_lead_days": "14",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    rb.refresh_from_db()
    assert (group.name, group.report_back_lead_days, group.slug) == (
        "Food and essentials subgroup",
        14,
        "food-subgroup",  # the address stays the same
    )
    assert rb.due_at == m.starts_at - timedelta(days=14)
    assert audited(in_bucks, "boards.board.update") == 1


def test_board_edit_refuses_bad_input_and_saves_nothing(in_bucks, people):
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Food subgroup")
    response = as_user(people["officer"]).post(
        url("board_edit", pk=group.pk),
        {"name": "Renamed", "kind": "thematic_subgroup", "report_back_lead_days": "7"},
    )
    assert response.status_code == 200
    assert "Choose the board this subgroup reports back to." in response.content.decode()
    group.refresh_from_db()
    assert group.name == "Food subgroup" and group.parent == parent


def test_only_those_who_run_a_board_may_edit_it(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["member"])
    assert as_user(people["member"]).get(url("board_edit", pk=recovery.pk)).status_code == 403
    assert as_user().get(url("board_edit", pk=recovery.pk)).status_code == 302
    private = board(in_bucks, name="Private", is_public=False)
    assert as_user(people["resident"]).get(url("board_edit", pk=private.pk)).status_code == 404


def test_moving_a_subgroup_to_another_parent_moves_what_it_owes(in_bucks, people):
    first = board(in_bucks, name="Recovery Board")
    second = board(in_bucks, name="Health Board")
    group = subgroup(in_bucks, first, name="Food subgroup")
    meeting(in_bucks, first, in_days=20)
    meeting(in_bucks, second, in_days=25, title="Health Board meeting")
    services.board_update(place=in_bucks, actor=people["officer"], board=group, parent=second)
    owed = ReportBack.objects.for_place(in_bucks).filter(subgroup=group)
    assert [rb.parent_meeting.title for rb in owed] == ["Health Board meeting"]


# Seats


def test_a_chair_changes_a_seat_and_ends_another(in_bucks, people):
    recovery = board(in_bucks, seats=4)
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    seat(in_bucks, recovery, people["secretary"], Position.SECRETARY)
    member = seat(in_bucks, recovery, people["member"], Position.MEMBER, Sector.HEALTH)
    client = as_user(people["chair"])
    response = client.post(
        url("membership_edit", pk=member.pk),
        {
            "position": "vice_chair",
            "sector": "business",
            "started_on": member.started_on.isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.sector, member.in_rota) == ("vice_chair", "business", False)
    assert audited(in_bucks, "boards.membership.update") == 1

    secretary = BoardMembership.objects.for_place(in_bucks).get(user=people["secretary"])
    too_early = (secretary.started_on - timedelta(days=1)).isoformat()
    response = client.post(url("membership_end", pk=secretary.pk), {"ended_on": too_early})
    assert response.status_code == 200
    assert "it cannot end before that" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.ended_on is None

    yesterday = timezone.localdate() - timedelta(days=1)
    services.board_membership_update(
        place=in_bucks,
        actor=None,
        membership=secretary,
        started_on=yesterday - timedelta(days=30),
    )
    response = client.post(url("membership_end", pk=secretary.pk), {"ended_on": yesterday})
    assert response.status_code == 302
    page = client.get(url("board_detail", pk=recovery.pk)).content.decode()
    assert "No Secretary" in page  # the post is vacant again
    assert "2 empty seats" in page
    assert "Past members" in page
    # A seat that has ended cannot be changed or ended again.
    with pytest.raises(RuleViolation):
        services.board_membership_end(place=in_bucks, actor=None, membership=secretary)
    response = client.post(
        url("membership_edit", pk=secretary.pk),
        {"position": "chair", "sector": "vcse", "started_on": yesterday.isoformat()},
    )
    assert "This seat has ended" in response.content.decode()


def test_seat_pages_are_for_those_who_run_the_board(in_bucks, people):
    recovery = board(in_bucks)
    member = seat(in_bucks, recovery, people["member"])
    assert as_user(people["member"]).get(url("membership_edit", pk=member.pk)).status_code == 403
    assert as_user(people["member"]).post(url("membership_end", pk=member.pk)).status_code == 403
    assert as_user(people["officer"]).get(url("membership_end", pk=member.pk)).status_code == 200


# Meetings


def test_rescheduling_moves_due_report_backs_and_tells_people(in_bucks, people):
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Food subgroup", report_back_lead_days=10)
    seat(in_bucks, parent, people["secretary"], Position.SECRETARY)
    seat(in_bucks, parent, people["member"])
    m = meeting(in_bucks, parent, in_days=20, is_public=True)
    services.meeting_register(place=in_bucks, actor=people["resident"], meeting=m)
    client = as_user(people["secretary"])
    response = client.post(
        url("meeting_edit", pk=m.pk),
        {
            "title": m.title,
            "starts_at": "2031-03-04T14:00",
            "ends_at": "2031-03-04T16:00",
            "venue": "The Gateway",
            "is_public": "on",
            "papers_due_days": "5",
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.starts_at.isoformat() == "2031-03-04T14:00:00+00:00"  # GMT in March
    rb = group.report_backs.get()
    assert rb.due_at == m.starts_at - timedelta(days=10)
    told = set(
        Notification.objects.for_place(in_bucks)
        .filter(kind="boards.meeting_changed")
        .values_list("user__name", flat=True)
    )
    assert told == {"Mo Member", "Rae Resident"}  # not the secretary who changed it
    assert audited(in_bucks, "boards.meeting.update") == 1


def test_a_meeting_edit_ending_before_it_starts_is_refused(in_bucks, people):
    recovery = board(in_bucks)
    m = meeting(in_bucks, recovery)
    before = (m.starts_at, m.ends_at)
    response = as_user(people["officer"]).post(
        url("meeting_edit", pk=m.pk),
        {
            "title": "Moved",
            "starts_at": "2031-03-04T14:00",
            "ends_at": "2031-03-04T13:00",
            "venue": "Hall",
            "papers_due_days": "5",
        },
    )
    assert "The meeting must end after it starts." in response.content.decode()
    m.refresh_from_db()
    assert (m.title, m.starts_at, m.ends_at) == ("Recovery Board meeting", *before)


def test_cancelling_a_meeting(in_bucks, people):
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Food subgroup")
    other = subgroup(in_bucks, parent, name="Housing subgroup")
    seat(in_bucks, parent, people["secretary"], Position.SECRETARY)
    seat(in_bucks, parent, people["member"])
    m = meeting(in_bucks, parent, in_days=20, is_public=True)
    services.report_back_submit(
        place=in_bucks,
        actor=None,
        report_back=other.report_backs.get(),
        summary="Done already.",
    )
    client = as_user(people["secretary"])
    response = client.post(url("meeting_cancel", pk=m.pk), {"reason": ""})
    assert response.status_code == 200
    assert "Enter an answer to “Why is the meeting cancelled?”" in response.content.decode()
    assert Meeting.objects.for_place(in_bucks).get(pk=m.pk).cancelled_at is None

    response = client.post(url("meeting_cancel", pk=m.pk), {"reason": "The venue flooded."})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.is_cancelled and m.cancellation_reason == "The venue flooded."
    # The report-back not yet sent stops being due; the one sent stays on record.
    assert not group.report_backs.exists()
    assert other.report_backs.get().status == ReportBackStatus.SUBMITTED
    assert Notification.objects.for_place(in_bucks).filter(
        kind="boards.meeting_cancelled", user=people["member"]
    )
    public = as_user().get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "This meeting is cancelled." in public and "The venue flooded." in public
    assert "Register to attend" not in public
    # Nothing more happens to a cancelled meeting.
    for attempt in (
        lambda: services.meeting_register(place=in_bucks, actor=people["resident"], meeting=m),
        lambda: services.question_send(
            place=in_bucks, actor=people["resident"], meeting=m, text="Why?"
        ),
        lambda: services.meeting_update(place=in_bucks, actor=None, meeting=m, title="Again"),
        lambda: services.meeting_cancel(place=in_bucks, actor=None, meeting=m, reason="Twice"),
        lambda: services.rota_assign(place=in_bucks, actor=None, meeting=m),
        lambda: services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title="More"),
    ):
        with pytest.raises(RuleViolation):
            attempt()
    assert client.get(url("meeting_edit", pk=m.pk)).status_code == 302


def test_a_past_meeting_cannot_be_cancelled(in_bucks, people):
    m = meeting(in_bucks, board(in_bucks), in_days=-2)
    with pytest.raises(RuleViolation, match="already started"):
        services.meeting_cancel(place=in_bucks, actor=None, meeting=m, reason="Oops")


# Agenda items


def test_agenda_items_are_changed_reordered_and_removed(in_bucks, people, settings, tmp_path):
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Food subgroup")
    m = meeting(in_bucks, parent)
    first, second, third = (
        services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title=t)
        for t in ("Welcome", "Budget", "Any other business")
    )
    paper = services.paper_upload(
        place=in_bucks, actor=None, agenda_item=second, title="Budget paper", file=pdf()
    )
    client = as_user(people["officer"])
    response = client.post(
        url("agenda_item_edit", pk=second.pk),
        {"title": "Budget 2031", "description": "Draft", "owner": people["member"].pk},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.title, second.owner) == ("Budget 2031", people["member"])

    client.post(url("agenda_item_move", pk=third.pk), {"direction": "up"})
    order = list(AgendaItem.objects.for_place(in_bucks).filter(meeting=m).values_list("title"))
    assert order == [("Welcome",), ("Any other business",), ("Budget 2031",)]
    page = client.post(
        url("agenda_item_move", pk=first.pk), {"direction": "up"}, follow=True
    ).content.decode()
    assert "This item is already first." in page

    assert (
        "Its paper will be removed too."
        in client.get(url("agenda_item_remove", pk=second.pk)).content.decode()
    )
    file_path = paper.file.path
    with_commit = client.post(url("agenda_item_remove", pk=second.pk))
    assert with_commit.status_code == 302
    assert not AgendaItem.objects.for_place(in_bucks).filter(pk=second.pk).exists()
    assert not Paper.objects.for_place(in_bucks).filter(pk=paper.pk).exists()
    assert audited(in_bucks, "boards.agenda_item.remove") == 1
    orders = list(
        AgendaItem.objects.for_place(in_bucks).filter(meeting=m).values_list("order", flat=True)
    )
    assert orders == [1, 2]
    del file_path  # the file goes on commit, which a test transaction never reaches

    # A subgroup's report-back stays on the agenda.
    rb = services.report_back_submit(
        place=in_bucks, actor=None, report_back=group.report_backs.get(), summary="Going well."
    )
    page = client.post(url("agenda_item_remove", pk=rb.agenda_item.pk), follow=True)
    assert "stays on the agenda" in page.content.decode()
    assert AgendaItem.objects.for_place(in_bucks).filter(pk=rb.agenda_item.pk).exists()


def test_agenda_editing_is_for_those_who_run_the_board(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["member"])
    m = meeting(in_bucks, recovery)
    item = services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title="Budget")
    member = as_user(people["member"])
    assert member.get(url("agenda_item_edit", pk=item.pk)).status_code == 403
    assert member.post(url("agenda_item_remove", pk=item.pk)).status_code == 403
    assert member.post(url("agenda_item_move", pk=item.pk), {"direction": "up"}).status_code == 403
    assert AgendaItem.objects.for_place(in_bucks).filter(pk=item.pk).exists()


# Actions, decisions and the register


def test_a_chair_reassigns_an_action_and_the_new_owner_is_told(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    action = services.action_create(
        place=in_bucks,
        actor=None,
        board=recovery,
        title="Call the food banks",
        owner=people["member"],
        due_on=timezone.localdate() + timedelta(days=5),
    )
    client = as_user(people["chair"])
    new_due = timezone.localdate() + timedelta(days=20)
    response = client.post(
        url("action_edit", pk=action.pk),
        {"title": "Call every food bank", "owner": people["secretary"].pk, "due_on": new_due},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner, action.due_on) == (
        "Call every food bank",
        people["secretary"],
        new_due,
    )
    assert Notification.objects.for_place(in_bucks).filter(
        kind="boards_action_assigned", user=people["secretary"]
    )
    # An action needs an owner: clearing both is refused and nothing changes.
    response = client.post(url("action_edit", pk=action.pk), {"title": "X", "due_on": new_due})
    assert "Choose who owns the action" in response.content.decode()
    action.refresh_from_db()
    assert action.title == "Call every food bank"
    # The owner, without a seat on the board, sees the action and records progress on it, but
    # does not reassign it.
    owner = as_user(people["secretary"])
    assert owner.get(url("action_detail", pk=action.pk)).status_code == 200
    owner.post(url("action_detail", pk=action.pk), {"status": "in_progress", "note": "Started."})
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert owner.get(url("action_edit", pk=action.pk)).status_code == 403
    assert as_user(people["leader"]).get(url("action_detail", pk=action.pk)).status_code == 404


def test_the_register_records_attendance_and_apologies_at_once(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["secretary"], Position.SECRETARY)
    seat(in_bucks, recovery, people["member"])
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    m = meeting(in_bucks, recovery, in_days=-1)
    client = as_user(people["secretary"])
    response = client.post(url("attendance", pk=m.pk), {})
    assert "Mark at least one person" in response.content.decode()
    s, mo, c = people["secretary"], people["member"], people["chair"]
    client.post(
        url("attendance", pk=m.pk),
        {f"person_{s.pk}": "present", f"person_{mo.pk}": "apologies", f"person_{c.pk}": "absent"},
    )
    got = dict(
        Attendance.objects.for_place(in_bucks).filter(meeting=m).values_list("user__name", "status")
    )
    assert got == {"Sam Secretary": "present", "Mo Member": "apologies", "Cara Chair": "absent"}
    # The register opens with what was recorded, and a correction replaces it.
    page = client.get(url("attendance", pk=m.pk)).content.decode()
    assert re.search(rf'name="person_{mo.pk}" value="apologies"[^>]*checked', page)
    client.post(url("attendance", pk=m.pk), {f"person_{mo.pk}": "present"})
    assert Attendance.objects.for_place(in_bucks).get(meeting=m, user=mo).status == "present"
    page = client.get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "Cara Chair: absent" in page


def test_a_decision_is_recorded_under_an_agenda_item(in_bucks, people):
    recovery = board(in_bucks, quorum=1)
    m = meeting(in_bucks, recovery, in_days=-1, is_public=True)
    services.attendance_record(
        place=in_bucks, actor=None, meeting=m, user=people["chair"], status="present"
    )
    other = meeting(in_bucks, recovery, in_days=5)
    item = services.agenda_item_add(place=in_bucks, actor=None, meeting=m, title="Budget")
    elsewhere = services.agenda_item_add(place=in_bucks, actor=None, meeting=other, title="X")
    client = as_user(people["officer"])
    response = client.post(
        url("decision_create", pk=m.pk),
        {"text": "Budget agreed.", "agenda_item": elsewhere.pk, "method": "consensus"},
    )
    assert response.status_code == 200  # an item of another meeting is not a choice
    client.post(
        url("decision_create", pk=m.pk),
        {"text": "Budget agreed.", "agenda_item": item.pk, "method": "consensus"},
    )
    page = as_user().get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "Budget agreed." in page and "under “Budget”" in page
