"""The boards pages: what each person sees and can do, times in the place's zone, form errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import BoardKind, Meeting, Position, ProposalStatus, Sector
from tests.support.boards import board, meeting, seat
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"places:boards:{name}", kwargs={"place_slug": "buckinghamshire", **kwargs})


def as_user(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_board_page_shows_sector_balance_and_vacancies(in_bucks, people):
    recovery = board(in_bucks, name="Recovery Board", seats=6)
    seat(in_bucks, recovery, people["chair"], Position.CHAIR, Sector.VCSE)
    seat(in_bucks, recovery, people["officer"], Position.MEMBER, Sector.COUNCIL)
    seat(in_bucks, recovery, people["member"], Position.MEMBER, Sector.HEALTH)
    seat(in_bucks, recovery, people["leader"], Position.OBSERVER, Sector.BUSINESS)
    page = as_user().get(url("board_detail", pk=recovery.pk)).content.decode()
    assert "Sector balance" in page
    assert "1 (33%)" in page  # VCSE, council and health each a third of the voting members
    assert "0 (0%)" in page  # business: observers do not count
    assert "3 empty seats" in page
    assert "No Secretary" in page


def test_a_secretary_schedules_a_meeting_in_the_places_time(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["secretary"], Position.SECRETARY)
    client = as_user(people["secretary"])
    response = client.post(
        url("meeting_create", pk=recovery.pk),
        {
            "title": "Summer board",
            "starts_at": "2031-07-01T10:00",
            "ends_at": "2031-07-01T12:00",
            "venue": "The Gateway, Aylesbury",
            "papers_due_days": "5",
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.for_place(in_bucks).get(title="Summer board")
    assert m.starts_at.isoformat() == "2031-07-01T09:00:00+00:00"  # 10am British Summer Time
    page = client.get(response.url).content.decode()
    assert "Tuesday 1 July 2031, 10:00a.m." in page


def test_a_meeting_ending_before_it_starts_is_refused_on_the_form(in_bucks, people):
    recovery = board(in_bucks)
    client = as_user(people["officer"])
    response = client.post(
        url("meeting_create", pk=recovery.pk),
        {
            "title": "Backwards",
            "starts_at": "2031-07-01T10:00",
            "ends_at": "2031-07-01T09:00",
            "venue": "Hall",
            "papers_due_days": "5",
        },
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()


def test_only_officers_and_coordinators_run_a_board(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["member"])
    assert as_user(people["member"]).get(url("meeting_create", pk=recovery.pk)).status_code == 403
    assert as_user().get(url("meeting_create", pk=recovery.pk)).status_code == 302  # sign in
    assert as_user(people["officer"]).get(url("meeting_create", pk=recovery.pk)).status_code == 200


def test_draft_minutes_stay_with_the_board_until_published(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["secretary"], Position.SECRETARY)
    m = meeting(in_bucks, recovery, in_days=-1, is_public=True)
    client = as_user(people["secretary"])
    client.post(url("minutes", pk=m.pk), {"minutes": "Agreed the winter plan.", "draft": ""})
    assert "Agreed the winter plan." in client.get(url("meeting_detail", pk=m.pk)).content.decode()
    public = as_user().get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "Agreed the winter plan." not in public
    client.post(url("minutes", pk=m.pk), {"minutes": "Agreed the winter plan.", "publish": ""})
    public = as_user().get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "Agreed the winter plan." in public


def test_residents_propose_support_and_see_the_answer(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Chesham", kind="community_board_area")
    cb = board(in_bucks, name="Chesham CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    resident = as_user(people["resident"])
    response = resident.post(
        url("proposal_list", pk=cb.pk), {"title": "Safer crossing", "description": "By the school"}
    )
    assert response.status_code == 302
    proposal = cb.proposals.get()
    neighbour = as_user(people["neighbour"])
    neighbour.post(url("proposal_support", pk=proposal.pk))
    again = neighbour.post(url("proposal_support", pk=proposal.pk), follow=True)
    assert "You already support this idea" in again.content.decode()
    services.proposal_answer(
        place=in_bucks,
        actor=people["officer"],
        proposal=proposal,
        status=ProposalStatus.DONE,
        answer="A zebra crossing went in.",
    )
    page = resident.get(url("you_said_we_did", pk=cb.pk)).content.decode()
    assert "Safer crossing" in page and "A zebra crossing went in." in page


def test_public_meeting_registration_and_questions(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Wing", kind="community_board_area")
    cb = board(in_bucks, name="Wing CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, cb, people["chair"], Position.CHAIR)
    m = meeting(in_bucks, cb, is_public=True)
    resident = as_user(people["resident"])
    resident.post(url("meeting_register", pk=m.pk))
    page = resident.get(url("meeting_detail", pk=m.pk)).content.decode()
    assert "You are registered." in page
    assert "1 person registered." in page
    again = resident.post(url("meeting_register", pk=m.pk), follow=True).content.decode()
    assert "You are already registered for this meeting." in again
    resident.post(url("question_create", pk=m.pk), {"text": "When will the bus return?"})
    assert (
        "When will the bus return?"
        in as_user(people["chair"]).get(url("meeting_detail", pk=m.pk)).content.decode()
    )
    assert (
        "When will the bus return?"
        not in as_user(people["neighbour"]).get(url("meeting_detail", pk=m.pk)).content.decode()
    )


def test_the_action_owner_records_progress(in_bucks, people):
    recovery = board(in_bucks)
    seat(in_bucks, recovery, people["member"])
    action = services.action_create(
        place=in_bucks,
        actor=None,
        board=recovery,
        title="Call the food banks",
        owner=people["member"],
        due_on=timezone.localdate() + timedelta(days=5),
    )
    client = as_user(people["member"])
    client.post(
        url("action_detail", pk=action.pk), {"status": "in_progress", "note": "Two called."}
    )
    page = client.get(url("action_detail", pk=action.pk)).content.decode()
    assert "Two called." in page and "In progress" in page


def test_board_list_keeps_within_a_query_budget(in_bucks, people, django_assert_max_num_queries):
    for i in range(20):
        board(in_bucks, name=f"Board {i}")
    client = as_user(people["resident"])
    with django_assert_max_num_queries(25):
        assert client.get(url("board_list")).status_code == 200


def test_a_coordinator_sets_up_a_subgroup_and_a_wrong_parent_is_refused(in_bucks, people):
    recovery = board(in_bucks, name="Recovery Board")
    client = as_user(people["officer"])
    response = client.post(
        url("board_create"),
        {"name": "Loose subgroup", "kind": "thematic_subgroup", "report_back_lead_days": "7"},
    )
    assert response.status_code == 200
    assert "Choose the board this subgroup reports back to." in response.content.decode()
    response = client.post(
        url("board_create"),
        {
            "name": "Housing subgroup",
            "kind": "thematic_subgroup",
            "parent": recovery.pk,
            "theme": "Housing",
            "report_back_lead_days": "10",
        },
    )
    assert response.status_code == 302
    group = recovery.subgroups.get()
    assert (group.name, group.report_back_lead_days, group.is_public) == (
        "Housing subgroup",
        10,
        False,
    )
    assert as_user(people["resident"]).get(url("board_create")).status_code == 403
