"""The boards API: place-scoped, filtered, visibility as in the browser, errors in the one shape."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from boards import services
from boards.models import BoardKind, Position
from coordination.places.tenancy import place_scope
from tests.support.boards import board, meeting, pdf, seat, subgroup
from tests.support.factories import AreaFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/places/buckinghamshire/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(in_bucks, people):
    area = AreaFactory(place=in_bucks, name="Marlow", kind="community_board_area")
    parent = board(in_bucks, name="Recovery Board")
    group = subgroup(in_bucks, parent, name="Housing subgroup", is_public=False)
    other = board(in_bucks, name="Health Partnership", kind=BoardKind.PARTNERSHIP_GROUP)
    cb = board(in_bucks, name="Marlow CB", kind=BoardKind.COMMUNITY_BOARD, area=area)
    seat(in_bucks, group, people["secretary"], Position.SECRETARY)
    parent_meeting = meeting(in_bucks, parent, title="Board meeting", is_public=True)
    other_meeting = meeting(in_bucks, other, title="Partnership meeting")
    item = services.agenda_item_add(
        place=in_bucks, actor=None, meeting=parent_meeting, title="Money"
    )
    services.paper_upload(
        place=in_bucks,
        actor=None,
        agenda_item=item,
        title="Secret sums",
        file=pdf(),
        is_private=True,
    )
    services.paper_upload(
        place=in_bucks,
        actor=None,
        agenda_item=item,
        title="Open sums",
        file=pdf(),
        is_private=False,
    )
    return locals()


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def test_boards_are_listed_by_visibility_and_filtered(world, people):
    names = {b["name"] for b in client_for().get(BASE + "boards/").json()["results"]}
    assert names == {"Recovery Board", "Health Partnership", "Marlow CB"}
    names = {
        b["name"] for b in client_for(people["secretary"]).get(BASE + "boards/").json()["results"]
    }
    assert "Housing subgroup" in names
    response = client_for().get(BASE + "boards/", {"kind": "community_board"})
    assert [b["area"] for b in response.json()["results"]] == ["marlow"]


def test_private_papers_are_left_out_for_the_public(world, people):
    items = client_for().get(BASE + "agenda-items/").json()["results"]
    assert [p["title"] for p in items[0]["papers"]] == ["Open sums"]
    items = client_for(people["admin"]).get(BASE + "agenda-items/").json()["results"]
    assert {p["title"] for p in items[0]["papers"]} == {"Open sums", "Secret sums"}


def test_a_subgroup_submits_a_report_back_and_it_lands_on_the_agenda(world, people):
    response = client_for(people["secretary"]).post(
        BASE + "report-backs/",
        {
            "subgroup": world["group"].pk,
            "parent_meeting": world["parent_meeting"].pk,
            "summary": "Twelve homes back in use.",
            "recommendation_texts": ["Keep the grant going"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert [r["text"] for r in body["recommendations"]] == ["Keep the grant going"]
    agenda = (
        client_for(people["admin"])
        .get(BASE + "agenda-items/", {"meeting": world["parent_meeting"].pk})
        .json()["results"]
    )
    assert [i["title"] for i in agenda] == ["Money", "Report-back from Housing subgroup"]


def test_a_report_back_to_a_board_that_is_not_the_parent_is_a_400(world, people):
    response = client_for(people["secretary"]).post(
        BASE + "report-backs/",
        {
            "subgroup": world["group"].pk,
            "parent_meeting": world["other_meeting"].pk,
            "summary": "Wrong board.",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "parent_meeting": [
            "A subgroup reports back only to meetings of its parent board, Recovery Board."
        ]
    }


def test_someone_without_a_seat_cannot_submit(world, people):
    response = client_for(people["leader"]).post(
        BASE + "report-backs/",
        {
            "subgroup": world["group"].pk,
            "parent_meeting": world["parent_meeting"].pk,
            "summary": "x",
        },
        format="json",
    )
    # The private subgroup is not theirs to see: the same answer as a missing one.
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "subgroup": [f'Invalid pk "{world["group"].pk}" - object does not exist.']
    }
    # A member of the subgroup without an officer's post may see it but not submit for it.
    from boards.models import Position

    with place_scope(world["in_bucks"]):
        seat(world["in_bucks"], world["group"], people["member"], Position.MEMBER)
    response = client_for(people["member"]).post(
        BASE + "report-backs/",
        {
            "subgroup": world["group"].pk,
            "parent_meeting": world["parent_meeting"].pk,
            "summary": "x",
        },
        format="json",
    )
    assert response.status_code == 403


def test_residents_propose_and_support_once(world, people):
    client = client_for(people["resident"])
    response = client.post(
        BASE + "proposals/",
        {"board": world["cb"].pk, "title": "Benches", "description": "Along the river"},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    neighbour = client_for(people["neighbour"])
    assert neighbour.post(BASE + f"proposals/{pk}/support/").json()["support_count"] == 1
    again = neighbour.post(BASE + f"proposals/{pk}/support/")
    assert again.status_code == 400
    assert again.json()["error"]["message"] == (
        "You already support this idea. Each person can support it once."
    )
    assert client_for().post(BASE + f"proposals/{pk}/support/").status_code == 401


def test_another_places_ids_are_404(world, coventry):
    with place_scope(coventry):
        pass
    url = f"/api/v1/places/coventry/boards/{world['parent'].pk}/"
    assert client_for().get(url).status_code == 404


def test_a_secretary_schedules_reschedules_and_cancels_a_meeting(world, people, in_bucks):
    recovery = world["parent"]
    seat(in_bucks, recovery, people["chair"], Position.CHAIR)
    chair = client_for(people["chair"])
    response = chair.post(
        BASE + "meetings/",
        {
            "board": recovery.pk,
            "title": "Board, April",
            "starts_at": "2031-04-01T10:00:00+01:00",
            "ends_at": "2031-04-01T09:00:00+01:00",
            "venue": "Hall",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["ends_at"]
    response = chair.post(
        BASE + "meetings/",
        {
            "board": recovery.pk,
            "title": "Board, April",
            "starts_at": "2031-04-01T10:00:00+01:00",
            "ends_at": "2031-04-01T12:00:00+01:00",
            "venue": "Hall",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    # The subgroup's report-back to it falls due, and moves when the meeting does.
    response = chair.patch(
        BASE + f"meetings/{pk}/", {"starts_at": "2031-04-08T10:00:00+01:00"}, format="json"
    )
    assert response.status_code == 400  # now it would end before it starts
    response = chair.patch(
        BASE + f"meetings/{pk}/",
        {"starts_at": "2031-04-08T10:00:00+01:00", "ends_at": "2031-04-08T12:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    due = (
        client_for(people["secretary"])
        .get(BASE + "report-backs/", {"parent_meeting": pk})
        .json()["results"]
    )
    assert [r["due_at"] for r in due] == ["2031-04-01T10:00:00+01:00"]  # a week before
    assert client_for(people["member"]).post(
        BASE + f"meetings/{pk}/cancel/", {"reason": "x"}, format="json"
    ).status_code in (403, 404)
    response = chair.post(BASE + f"meetings/{pk}/cancel/", {}, format="json")
    assert response.status_code == 400
    response = chair.post(BASE + f"meetings/{pk}/cancel/", {"reason": "No quorum."}, format="json")
    assert response.status_code == 200
    assert response.json()["cancellation_reason"] == "No quorum."
    assert response.json()["cancelled_at"]


def test_scheduling_for_a_board_one_does_not_run(world, people):
    # A private subgroup unknown to the person: the same answer as a missing board.
    response = client_for(people["leader"]).post(
        BASE + "meetings/",
        {
            "board": world["group"].pk,
            "title": "Sneaky",
            "starts_at": "2031-04-01T10:00:00Z",
            "ends_at": "2031-04-01T11:00:00Z",
            "venue": "Hall",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "board": [f'Invalid pk "{world["group"].pk}" - object does not exist.']
    }
    # A public board they may see but do not run: refused.
    response = client_for(people["leader"]).post(
        BASE + "meetings/",
        {
            "board": world["parent"].pk,
            "title": "Sneaky",
            "starts_at": "2031-04-01T10:00:00Z",
            "ends_at": "2031-04-01T11:00:00Z",
            "venue": "Hall",
        },
        format="json",
    )
    assert response.status_code == 403


def test_the_owner_records_progress_on_an_action(world, people, in_bucks):
    from datetime import timedelta

    from django.utils import timezone

    action = services.action_create(
        place=in_bucks,
        actor=None,
        board=world["parent"],
        title="Call the landlords",
        owner=people["member"],
        due_on=timezone.localdate() + timedelta(days=3),
    )
    owner = client_for(people["member"])
    assert owner.get(BASE + "actions/").json()["results"][0]["title"] == "Call the landlords"
    response = owner.post(BASE + f"actions/{action.pk}/progress/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "note": ["Add a progress note or change the status."]
    }
    response = owner.post(
        BASE + f"actions/{action.pk}/progress/",
        {"status": "done", "note": "All called."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    other = client_for(people["leader"]).post(
        BASE + f"actions/{action.pk}/progress/", {"status": "open"}, format="json"
    )
    assert other.status_code == 404


def test_the_parent_board_responds_and_the_board_answers_an_idea(world, people, in_bucks):
    seat(in_bucks, world["parent"], people["chair"], Position.CHAIR)
    rb = world["group"].report_backs.get(parent_meeting=world["parent_meeting"])
    services.report_back_submit(
        place=in_bucks,
        actor=people["secretary"],
        report_back=rb,
        summary="Going well.",
        recommendations=["Fund a caseworker"],
    )
    recommendation = rb.recommendations.get()
    subgroup_secretary = client_for(people["secretary"])
    assert (
        subgroup_secretary.post(
            BASE + f"report-backs/{rb.pk}/respond/",
            {"recommendation": recommendation.pk, "response_status": "accepted"},
            format="json",
        ).status_code
        == 403
    )
    chair = client_for(people["chair"])
    response = chair.post(
        BASE + f"report-backs/{rb.pk}/respond/",
        {"recommendation": recommendation.pk, "response_status": "declined"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "response": ["Say why the board does not accept it."]
    }
    response = chair.post(
        BASE + f"report-backs/{rb.pk}/respond/",
        {"recommendation": recommendation.pk, "response_status": "accepted", "response": "Yes."},
        format="json",
    )
    assert response.status_code == 200
    # The subgroup sees the response.
    seen = subgroup_secretary.get(BASE + f"report-backs/{rb.pk}/").json()["recommendations"]
    assert (seen[0]["response_status"], seen[0]["response"]) == ("accepted", "Yes.")

    proposal = services.proposal_create(
        place=in_bucks,
        actor=people["resident"],
        board=world["cb"],
        title="Benches",
        description="By the river",
    )
    assert (
        client_for(people["resident"])
        .post(BASE + f"proposals/{proposal.pk}/answer/", {"status": "done"}, format="json")
        .status_code
        == 403
    )
    officer = client_for(people["officer"])
    response = officer.post(
        BASE + f"proposals/{proposal.pk}/answer/", {"status": "not_taken_forward"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    response = officer.post(
        BASE + f"proposals/{proposal.pk}/answer/",
        {"status": "accepted", "answer": "In the spring."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    listed = client_for().get(BASE + "proposals/", {"status": "accepted"}).json()["results"]
    assert [p["title"] for p in listed] == ["Benches"]


def test_past_seats_are_listed_on_request(world, people, in_bucks):
    from datetime import timedelta

    from django.utils import timezone

    old = seat(
        in_bucks,
        world["parent"],
        people["member"],
        started_on=timezone.localdate() - timedelta(days=60),
    )
    services.board_membership_end(
        place=in_bucks,
        actor=None,
        membership=old,
        ended_on=timezone.localdate() - timedelta(days=1),
    )
    current = client_for().get(BASE + "board-memberships/", {"board": world["parent"].pk})
    assert current.json()["results"] == []
    everyone = client_for().get(
        BASE + "board-memberships/", {"board": world["parent"].pk, "current": "false"}
    )
    assert [s["person"] for s in everyone.json()["results"]] == ["Mo Member"]


def test_meeting_time_filters_take_any_iso_offset_and_refuse_what_no_database_holds(bucks):
    api = APIClient()
    url = "/api/v1/places/buckinghamshire/meetings/"
    # ISO 8601 allows offsets PostgreSQL does not (it stops at +/-15:59): the same instant in UTC.
    answer = api.get(url, {"starts_before": "3189-11-29T16:28:08.6-18:04"})
    assert answer.status_code == 200, answer.content
    answer = api.get(url, {"starts_after": "9999-12-31T23:00-05:00"})  # past year 9999 in UTC
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"] == {
        "starts_after": ["Starts after must be a real date and time"]
    }
