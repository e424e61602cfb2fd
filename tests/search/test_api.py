"""Search in the API: the same results and visibility as the page, for personal tokens and
partner keys, with field errors for bad parameters."""

import pytest
from rest_framework.test import APIClient

from coordination.api.services import partner_key_create
from tests.support.boards import board

pytestmark = pytest.mark.django_db

URL = "/api/v1/places/buckinghamshire/search/"


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def test_a_visitor_finds_public_records(world):
    body = client_for().get(URL, {"q": "otter"}).json()
    assert body["count"] == len(body["results"])
    assert {"board", "meeting", "paper", "agenda-item"} <= {r["type"] for r in body["results"]}
    assert body["next"] is None
    paper = next(r for r in body["results"] if r["type"] == "paper")
    assert paper["link"].startswith("/buckinghamshire/boards/papers/")
    assert '<mark class="inplace-search-mark">Otter</mark>' in paper["title"]


def test_private_records_follow_the_callers_roles(world, people):
    assert client_for().get(URL, {"q": "stoat"}).json()["count"] == 0
    assert client_for(people["resident"]).get(URL, {"q": "stoat"}).json()["count"] == 0
    assert client_for(people["admin"]).get(URL, {"q": "stoat"}).json()["counts"] == {"paper": 1}
    assert client_for(people["leader"]).get(URL, {"q": "badger"}).json()["counts"] == {"bid": 1}
    assert client_for(people["funder"]).get(URL, {"q": "badger"}).json()["counts"] == {}


def test_a_partner_key_sees_what_its_maker_sees(world, people, in_bucks):
    _key, secret = partner_key_create(
        place=in_bucks, actor=people["admin"], name="Sync", scopes=["read"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(URL, {"q": "stoat"}).json()["counts"] == {"paper": 1}
    other = client.get("/api/v1/places/sutton/search/", {"q": "stoat"})
    assert other.status_code == 404


def test_types_filter_and_pages_follow(in_bucks, people):
    for i in range(25):
        board(in_bucks, name=f"Curlew board {i}")
    first = client_for().get(URL, {"q": "curlew", "type": "board"}).json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert "page=2" in first["next"]
    second = client_for().get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 201}, "q"),
        ({"q": "otter", "type": "spaceship"}, "type"),
        ({"q": "otter", "page": "0"}, "page"),
        ({"q": "otter", "page": "x"}, "page"),
        ({"q": "otter", "colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_field_errors(world, params, field):
    response = client_for().get(URL, params)
    assert response.status_code == 400
    assert field in str(response.json())


def test_an_empty_search_finds_nothing(world):
    for params in ({}, {"q": ""}, {"q": "  "}):
        body = client_for().get(URL, params).json()
        assert body == {"next": None, "count": 0, "counts": {}, "results": []}


def test_another_places_words_find_nothing(world):
    assert client_for().get("/api/v1/places/sutton/search/", {"q": "otter"}).json()["count"] == 0
