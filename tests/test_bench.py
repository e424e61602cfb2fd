"""The benchmark's own tools: bench/generate.py makes data the pages accept, and bench/floor.py
answers with the same rows, in the same order and shape, as the API it is the floor of.

Runs the generator at a tiny scale inside the test database (PostgreSQL only: the floor's SQL is
PostgreSQL's) and compares the floor's first page and a detail with the API's for the same place
and caller. wrk and gunicorn are left to bench/load.py.
"""

import json

import pytest
from django.db import connection
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from bench import floor
from bench.generate import BENCH_ADMIN_EMAIL, Generator
from coordination.accounts.models import User
from coordination.places.models import Place
from tests.support.factories import api_token

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="bench/floor.py runs PostgreSQL SQL: set DATABASE_URL to a PostgreSQL server",
)


@pytest.fixture
def generated(db):
    made = Generator(scale=0.0005, seed=3, log=lambda *a: None).run()
    place = Place.objects.order_by("pk").first()  # the largest place: the bench admin's
    admin = User.objects.get(email=BENCH_ADMIN_EMAIL)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(admin)}")
    return made, place, admin.pk, client


def test_generated_rows_are_consistent(generated):
    from commissioning.models import Award, Tender
    from funding.models import Bid, Feedback

    made, place, _user, _client = generated
    for label in ("funding.Bid", "commissioning.Tender", "mapping.Service", "boards.Meeting"):
        assert made[label] > 0, label
    with scopes_disabled():
        assert not Bid.objects.filter(state="awarded", amount_awarded__isnull=True).exists()
        assert not Bid.objects.filter(state="draft", submitted_at__isnull=False).exists()
        declined = Bid.objects.filter(state="declined").count()
        assert Feedback.objects.count() == declined
        assert Award.objects.count() == Tender.objects.filter(stage="awarded").count()


@pytest.mark.parametrize("resource", list(floor.RESOURCES))
def test_the_floor_serves_the_rows_the_api_serves(generated, resource):
    _made, place, user_id, client = generated
    url = f"/api/v1/places/{place.slug}/{resource}/"
    api = client.get(url, {"page_size": 5})
    assert api.status_code == 200
    api = api.json()
    with connection.cursor() as cursor:
        where = floor.find_place(cursor, place.slug, "http://testserver")
        page = floor.list_page(cursor, where, resource, 5, user_id, "page_size=5")
        fl = json.loads(floor.render(page, where["tz"]))
        assert api["results"], f"no {resource} for the bench admin in {place.slug}"
        assert [r["id"] for r in fl["results"]] == [r["id"] for r in api["results"]]
        assert [list(r) for r in fl["results"]] == [list(r) for r in api["results"]]
        assert (fl["next"] is None) == (api["next"] is None)

        pk = api["results"][0]["id"]
        one = floor.detail(cursor, where, resource, pk, user_id)
    assert json.loads(floor.render(one, where["tz"])) == client.get(f"{url}{pk}/").json()
