"""Every API error has one JSON shape: {"error": {status, code, message, [fields, retry_after]}}."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coordination.api.errors import exception_handler
from coordination.errors import RuleViolation
from tests.support.api_errors import error_of

ORGS = "/api/v1/places/buckinghamshire/organisations/"


def test_malformed_json_is_a_400_in_the_shape(api_as, bucks, admin_of):
    response = api_as(admin_of(bucks)).post(
        ORGS, data='{"name": "unterminated', content_type="application/json"
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert "JSON" in error["message"]
    assert "fields" not in error


def test_unsupported_media_type_is_415(api_as, bucks, admin_of):
    response = api_as(admin_of(bucks)).post(ORGS, data="name=x", content_type="text/plain")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_not_acceptable_is_406(api, bucks):
    response = api.get(ORGS, HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


def test_method_not_allowed_is_405(api, bucks):
    response = api.delete("/api/v1/places/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing-here/", "/api/v2/", "/api/v1/places/buckinghamshire/ghosts/"]
)
def test_unknown_api_addresses_are_json_404s(api, db, url):
    for method in (api.get, api.post, api.delete):
        response = method(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert error_of(response)["code"] == "not_found"


def test_a_missing_object_is_404_in_the_shape(api, bucks):
    response = api.get(f"{ORGS}987654/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_too_many_requests_is_429_with_retry_after(api, bucks, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    assert api.get("/api/v1/places/").status_code == 200
    assert api.get("/api/v1/places/").status_code == 200
    response = api.get("/api/v1/places/")
    assert response.status_code == 429
    error = error_of(response)
    assert error["code"] == "throttled"
    assert 0 < error["retry_after"] <= 60
    assert response["Retry-After"] == str(error["retry_after"])


def test_session_writes_without_csrf_are_403_in_the_shape(bucks, admin_of):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_of(bucks))
    response = client.post(ORGS, {"name": "X", "kind": "cio"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in error_of(response)["message"]


@pytest.mark.parametrize(
    ("exc", "status", "code", "fields", "message"),
    [
        (Http404("gone"), 404, "not_found", None, "gone"),
        (PermissionDenied(), 403, "permission_denied", None, None),
        (
            ValidationError({"email": ["Enter a valid email address."]}),
            400,
            "invalid",
            {"email": ["Enter a valid email address."]},
            None,
        ),
        (
            RuleViolation({"role": "Sutton needs at least one place admin."}),
            400,
            "invalid",
            {"role": ["Sutton needs at least one place admin."]},
            None,
        ),
        (
            RuleViolation("Only a pending invitation can be withdrawn."),
            400,
            "invalid",
            None,
            "Only a pending invitation can be withdrawn.",
        ),
        (
            ValidationError({"__all__": ["Dates overlap."], "end": ["Too early."]}),
            400,
            "invalid",
            {"end": ["Too early."]},
            "Dates overlap.",
        ),
    ],
)
def test_django_and_domain_exceptions_take_the_shape(exc, status, code, fields, message):
    response = exception_handler(exc, {})
    assert response.status_code == status
    error = response.data["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert error.get("fields") == fields
    if message:
        assert error["message"] == message
    assert error["message"]


def test_nested_validation_errors_are_flattened():
    from rest_framework.exceptions import ValidationError as DRFValidationError

    response = exception_handler(
        DRFValidationError(
            {"contacts": [{}, {"email": ["Bad."]}], "address": {"postcode": ["Missing."]}}
        ),
        {},
    )
    assert response.data["error"]["fields"] == {
        "contacts.1.email": ["Bad."],
        "address.postcode": ["Missing."],
    }


def test_an_api_address_with_a_newline_is_a_json_404(api):
    response = api.post("/api/v1/places/buckinghamshire/tenders/%0A/", {}, format="json")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/places/buckinghamshire/organisations/?search=a%00b",
        "/api/v1/places/buckinghamshire/hsds/services/?search=%00",
        "/api/v1/places/buckinghamshire/organisations/?kind=%00",
    ],
)
def test_a_nul_byte_in_the_query_is_a_400(api, url):
    response = api.get(url)
    assert response.status_code == 400
    (messages,) = error_of(response)["fields"].values()
    assert "NUL character" in messages[0]
