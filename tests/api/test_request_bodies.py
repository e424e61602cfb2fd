"""Request bodies and cursors the API reads are bounded: too deep or too big is a clear error in
the API's shape, never a 500."""

import base64

import pytest

from tests.support.api_errors import error_of

TOKEN_URL = "/api/v1/auth/token/"
ORGS = "/api/v1/places/buckinghamshire/organisations/"


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_a_400_even_anonymously(api, db, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 100_000 + "1" + closing * 100_000
    response = api.post(TOKEN_URL, data=body, content_type="application/json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert error["message"] == "JSON nested more than 32 levels deep is not accepted."


def test_nesting_within_the_limit_is_read_as_usual(api, db):
    nested = "[" * 30 + '"x"' + "]" * 30
    body = '{"email": "ada@example.org", "password": ' + nested + "}"
    response = api.post(TOKEN_URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"password"}  # a field error: it was parsed


def test_brackets_inside_strings_are_text_not_nesting(api, db):
    body = '{"email": "ada@example.org", "password": "' + "[" * 1000 + '"}'
    response = api.post(TOKEN_URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"  # wrong password, not a parse error


def test_a_body_over_the_upload_limit_is_a_413(api, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"email": "ada@example.org", "password": "' + "x" * 2000 + '"}'
    response = api.post(TOKEN_URL, data=body, content_type="application/json")
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "too_large"
    assert "1000 bytes" in error["message"]


def test_a_deeply_nested_cursor_is_a_400(api, bucks):
    cursor = base64.urlsafe_b64encode(b"[" * 2000).decode().rstrip("=")
    response = api.get(ORGS, {"cursor": cursor})
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"cursor"}
