"""A failure shows people the site's error page and partner systems the API's error shape."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.support.urls_failing"), pytest.mark.django_db]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_a_server_error_under_the_api_is_json_in_the_error_shape(client):
    response = client.get("/api/v1/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == 500 and error["code"] == "server_error"
    assert "a bug" not in response.content.decode()  # nothing of the exception leaks


def test_a_bad_request_under_the_api_is_json_in_the_error_shape(client):
    response = client.get("/api/v1/suspicious/")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
    assert "tampered" not in response.content.decode()


def test_a_server_error_on_a_page_is_the_html_error_page(client):
    response = client.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "a bug" not in response.content.decode()
