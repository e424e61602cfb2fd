"""Log lines say which request and which place they belong to; JSON for collectors."""

import json
import logging

import pytest
from django.test import Client

from coordination.log_context import ContextFilter, JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured():
    """Records as the console handler formats them in production: through the filter, as JSON."""
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Capture()
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("coordination", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.urls("tests.support.urls_failing")
def test_an_error_in_a_place_is_logged_with_the_request_id_and_the_place(bucks, captured):
    client = Client(raise_request_exception=False)

    response = client.get("/buckinghamshire/broken/")

    assert response.status_code == 500
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    (line,) = [entry for entry in captured if entry["logger"] == "django.request"]
    assert line["request_id"] == rid and line["place"] == "buckinghamshire"
    assert line["level"] == "ERROR" and "/buckinghamshire/broken/" in line["message"]
    assert "RuntimeError: a bug" in line["exception"]


def test_a_callers_request_id_is_kept_and_a_malformed_one_replaced(client, bucks):
    assert client.get("/", HTTP_X_REQUEST_ID="partner-sync.42")["X-Request-ID"] == "partner-sync.42"
    replaced = client.get("/", HTTP_X_REQUEST_ID="bad id\nwith a newline")["X-Request-ID"]
    assert replaced != "bad id\nwith a newline" and len(replaced) == 32


def test_lines_outside_a_request_or_place_say_so(captured):
    logging.getLogger("coordination.test").warning("nothing in particular")
    (line,) = captured
    assert line["request_id"] == "-" and line["place"] == "-"


def test_a_failed_sign_in_is_logged_with_the_client_address(captured, settings):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    cache.clear()  # no earlier run's failures: this one must not be locked out
    settings.TRUSTED_PROXY_COUNT = 1
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "nobody@example.org", "password": "guess"},
        format="json",
        HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.9",
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 400
    (line,) = [entry for entry in captured if "sign-in failed" in entry["message"]]
    assert line["client"] == "203.0.113.9"
    assert line["level"] == "WARNING"
    assert "nobody@example.org" not in json.dumps(captured)
