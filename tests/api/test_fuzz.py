"""schemathesis over the whole OpenAPI document, in process: no 500s, responses as documented.

Three callers: an anonymous one, a partner system holding a key with every write scope in
Buckinghamshire, and a council officer of the council that runs Buckinghamshire's tenders,
signed in with a personal API token (so the officers-only operations answer with real rows).
The place is filled with one of everything (the isolation test's builders), and every generated
request is sent to Buckinghamshire, so list and detail responses carry real rows
whose shape the schema must describe. Requests are generated from the schema (valid and invalid:
NUL bytes, huge and negative numbers, wrong types, over-long strings, unknown values).
"""

import json

import pytest
import schemathesis
from django.db import transaction
from django.test import override_settings
from django.test.client import ClientHandler
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.config import SchemathesisConfig

from coordination.accounts.models import Membership, Role
from coordination.api.scopes import known_scopes
from coordination.api.services import partner_key_create
from coordination.places.models import Place
from coordination.places.tenancy import place_scope
from tests.support.factories import UserFactory, api_token
from tests.support.isolation import FAST_HASHER, build_world

# Run with the other database tests (pytest-django orders tests by the database they need and
# cannot see the fixtures of the items schemathesis generates).
pytestmark = pytest.mark.django_db

PLACE = "buckinghamshire"
EXAMPLES = 12

# Checks the suite relies on. Left out: "positive_data_acceptance" (a request valid by the
# schema may still break a domain rule, e.g. a deadline already passed, which is a documented 400)
# and the stateful ones, which need links between operations the schema does not declare.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


def _wsgi_app(environ, start_response):
    response = _HANDLER(environ)
    headers = list(response.items())
    headers += [("Set-Cookie", c.output(header="")) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [response.content] if not response.streaming else response.streaming_content


_HANDLER = ClientHandler(enforce_csrf_checks=False)


def _load_schema(document, *, coverage):
    # coverage: schemathesis's coverage phase, the boundary and invalid values worked out from
    # each constraint (about a hundred requests an operation, built when the tests are collected).
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    loaded = schemathesis.openapi.from_dict(document, config=config)
    # Django's test handler: a real WSGI request, without closing the test's database connection
    # at the end of each one (as the plain handler's request_finished signal would).
    loaded.app = _wsgi_app
    return loaded


# The document the API serves, generated without a request (no database needed to collect).
DOCUMENT = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
# The partner holding every write scope reaches each operation's validation, so its requests add
# the coverage phase's boundary and invalid values; the anonymous caller and the officer get the
# documented examples and generated requests (valid and invalid), which reach their refusals and
# reads as well, at a third of the cost.
schema = _load_schema(DOCUMENT, coverage=True)
schema_without_coverage = _load_schema(DOCUMENT, coverage=False)


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            _, key = partner_key_create(
                place=Place.objects.get(slug=PLACE),
                actor=world["a_person"],
                name="Fuzzing partner",
                scopes=known_scopes(),
            )
            place = Place.objects.get(slug=PLACE)
            with place_scope(place):
                # The council whose tenders the builders made: its officers run them.
                council = (
                    Membership.objects.for_place(place)
                    .get(user=world["a_person"], role=Role.COUNCIL_OFFICER)
                    .organisation
                )
                officer = UserFactory(name="Fuzzing Officer", email="officer@fuzz.example")
                Membership.objects.create(
                    place=place, user=officer, role=Role.COUNCIL_OFFICER, organisation=council
                )
            yield {"key": key, "officer_token": api_token(officer)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Hundreds of requests a minute from one caller: the throttle is tested elsewhere, and a 429
    # here would depend on how fast the machine is.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def partner_headers(fuzz_world):
    return {"Authorization": f"Bearer {fuzz_world['key']}"}


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run: a CI failure can be reproduced
    suppress_health_check=list(HealthCheck),
)


def _in_place(case):
    if "place_slug" in (case.path_parameters or {}):
        case.path_parameters["place_slug"] = PLACE
    return case


@schema_without_coverage.parametrize()
@FUZZ_SETTINGS
def test_anonymous_caller(case, fuzz_world, db):
    _in_place(case).call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_write_scoped_partner(case, db, partner_headers):
    _in_place(case).call_and_validate(headers=partner_headers, checks=CHECKS)


@pytest.fixture
def officer_headers(fuzz_world):
    return {"Authorization": f"Token {fuzz_world['officer_token']}"}


@schema_without_coverage.parametrize()
@FUZZ_SETTINGS
def test_council_officer(case, db, officer_headers):
    _in_place(case).call_and_validate(headers=officer_headers, checks=CHECKS)
