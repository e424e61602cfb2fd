"""The comparison of places as an API resource: GET /api/v1/compare/ gives what the public
/compare/ page shows, each measure with each active place's value, null for no data yet."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from coordination.places.comparison import measures
from funding import services

pytestmark = pytest.mark.django_db

ADDRESS = "/api/v1/compare/"


def test_anyone_reads_every_measure_for_every_active_place(bucks, coventry, sutton):
    response = APIClient().get(ADDRESS)
    assert response.status_code == 200
    body = response.json()
    assert [p["slug"] for p in body["places"]] == ["buckinghamshire", "coventry", "sutton"]
    assert [m["key"] for m in body["measures"]] == [m.key for m in measures()]
    for measure in body["measures"]:
        assert measure["unit"] in {"percent", "days", "months", "questions"}
        assert [v["place"] for v in measure["values"]] == ["buckinghamshire", "coventry", "sutton"]
        for value in measure["values"]:
            assert value["value"] is None and value["text"] == "no data yet"
    groups = {m["key"]: m["group"] for m in body["measures"]}
    assert groups["funding.feedback_rate"] == "Funders"
    assert groups["commissioning.local_vcse"] == "Commissioners"


def test_a_place_with_figures_has_values_and_the_others_null(
    bucks, coventry, sutton, funder, make_bid
):
    bid = make_bid(submit=True)
    services.bid_award(
        place=bucks,
        actor=funder,
        bid=bid,
        amount=Decimal("10000"),
        start=date(2026, 1, 1),
        months=24,
        spend_by=date(2026, 6, 30),
        awarded_in_past=True,
    )
    body = APIClient().get(ADDRESS).json()
    short = next(m for m in body["measures"] if m["key"] == "funding.short_share")
    assert short["unit"] == "percent"
    assert short["values"] == [
        {"place": "buckinghamshire", "value": 1.0, "text": "100%"},
        {"place": "coventry", "value": None, "text": "no data yet"},
        {"place": "sutton", "value": None, "text": "no data yet"},
    ]
    page = APIClient().get("/compare/").content.decode()
    assert "100%" in page  # the page and the API read the same figures


def test_an_inactive_place_is_left_out(bucks, coventry, sutton):
    coventry.is_active = False
    coventry.save(update_fields=["is_active"])
    body = APIClient().get(ADDRESS).json()
    assert [p["slug"] for p in body["places"]] == ["buckinghamshire", "sutton"]
    assert all(len(m["values"]) == 2 for m in body["measures"])
