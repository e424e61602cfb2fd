"""A service finder on another site reads the Open Referral endpoints from the browser: they answer
any origin's GET and preflight without credentials; no other route answers another origin."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
FINDER = "https://finder.example.org"


def test_the_hsds_endpoints_answer_any_origin_without_credentials(client, sutton):
    response = client.get(f"/api/v1/places/{sutton.slug}/hsds/services/", HTTP_ORIGIN=FINDER)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reading_only(sutton):
    response = Client().options(
        f"/api/v1/places/{sutton.slug}/hsds/services/",
        HTTP_ORIGIN=FINDER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/places/{slug}/services/", "/api/v1/places/{slug}/funding/bids/", "/{slug}/"],
)
def test_no_other_route_answers_another_origin(client, sutton, path):
    response = client.get(path.format(slug=sutton.slug), HTTP_ORIGIN=FINDER)
    assert "Access-Control-Allow-Origin" not in response
