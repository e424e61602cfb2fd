"""A failure shows people the site's error page and partner systems the API's error shape.

Tests run with DEBUG off, as in production: Django shows its own pages only with DEBUG on.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from boards.models import BoardKind
from coordination.accounts.models import Role
from coordination.places.tenancy import place_scope
from tests.support.boards import board
from tests.support.factories import AreaFactory

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


def _nonce_keeps_the_style_allowed(response):
    header = response["Content-Security-Policy"]
    nonce = re.search(r"style-src [^;]*'nonce-([^']+)'", header).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_a_bad_request_on_a_page_is_the_sites_400_page(client):
    assert not settings.DEBUG
    response = client.get("/suspicious/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Sorry, InPlace could not read what your browser sent" in page
    assert "Nothing was saved." in page
    assert "tampered" not in page
    _nonce_keeps_the_style_allowed(response)


@pytest.fixture
def community_board(bucks):
    with place_scope(bucks):
        area = AreaFactory(place=bucks, name="Chesham", kind="community_board_area")
        return board(bucks, name="Chesham CB", kind=BoardKind.COMMUNITY_BOARD, area=area)


def test_a_5_mb_comment_on_a_page_is_a_413_page_that_says_how_to_get_the_text_back(
    bucks, make_member, community_board
):
    # With CSRF checks on, as in a browser: the CSRF middleware reads the form first, and that is
    # where a body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused, before any view runs.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(make_member(bucks, Role.RESIDENT))
    page = reverse(
        "places:boards:proposal_list",
        kwargs={"place_slug": "buckinghamshire", "pk": community_board.pk},
    )
    assert client.get(page).status_code == 200  # the form, and its CSRF cookie
    response = client.post(page, {"title": "Benches", "description": "x" * 5_000_000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<h1>Your text was not saved: it was too long to send</h1>" in text
    assert "more than InPlace takes in one go (2.5\xa0MB)" in text
    assert "your browser should still have your text in the form" in text
    assert "No box takes more than 20,000 characters." in text
    _nonce_keeps_the_style_allowed(response)
    with place_scope(bucks):
        assert not community_board.proposals.exists()


def test_a_too_large_request_to_the_api_stays_json(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/v1/auth/token/", data="x" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
