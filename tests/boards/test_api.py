"""The boards API: place-scoped, filtered, visibility as in the browser, errors in the one shape."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from boards import services
from boards.models import BoardKind, Position
from coordination.places.tenancy import place_scope
from tests.factories import AreaFactory

from .helpers import board, meeting, pdf, seat, subgroup

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
