"""The OpenAPI document is valid, covers every route, and declares the error shape."""

import json
import re

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator, FormatChecker

ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


def api_v1_routes():
    """Every /api/v1/ route in the URLconf, written as OpenAPI paths ({name} for <conv:name>).

    drf-spectacular names a primary key {id} (SCHEMA_COERCE_PATH_PK), so <pk> becomes {id}.
    """

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    routes = set()
    for route in walk(get_resolver().url_patterns, "/"):
        if route.startswith("/api/v1/"):
            routes.add(ROUTE_PARAMETER.sub(r"{\1}", route).replace("{pk}", "{id}"))
    return routes


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_schema_yaml_is_the_same_document(client, schema):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"].keys() == schema["paths"].keys()


def test_schema_covers_every_route(schema):
    routes = api_v1_routes()
    assert "/api/v1/places/{place_slug}/organisations/{id}/" in schema["paths"]
    assert len(routes) >= 14
    assert routes <= set(schema["paths"]), routes - set(schema["paths"])


def test_errors_are_declared_with_the_error_shape(schema):
    error_ref = "#/components/schemas/Error"
    assert set(schema["components"]["schemas"]["ErrorDetail"]["properties"]) == {
        "status",
        "code",
        "message",
        "fields",
        "retry_after",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("400", "401", "403", "404", "429"):
                if code in responses:
                    assert (
                        responses[code]["content"]["application/json"]["schema"]["$ref"]
                        == error_ref
                    )
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put", "patch"):
                assert "400" in responses, (method, path)

    create = schema["paths"]["/api/v1/places/{place_slug}/organisations/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404"} <= set(create)
    public_list = schema["paths"]["/api/v1/places/{place_slug}/organisations/"]["get"]
    assert "401" not in public_list["responses"]
    assert {} in public_list["security"]


def test_token_endpoint_is_documented(schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][request.rsplit("/", 1)[1]]["properties"]
    assert set(properties) == {"email", "password", "code"}
    assert "400" in operation["responses"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_interactive_docs_need_no_network(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
    assert "<script>" not in html  # the start-up script is a separate file (strict CSP)
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_interactive_docs_declare_their_language_and_title(client, db):
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="en-GB">' in html  # WCAG 3.1.1: screen readers read it as British English
    assert "<title>InPlace API</title>" in html
    assert "<main>" in html


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _json_examples(schema):
    """(where, schema, example value) for every JSON request body and response."""
    for path, method, operation in _operations(schema):
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += [(code, response) for code, response in operation["responses"].items()]
        for label, body in bodies:
            media = body.get("content", {}).get("application/json")
            if media is None:
                continue
            where = f"{method.upper()} {path} {label}"
            examples = media.get("examples", {})
            assert examples, f"{where} has no example"
            for name, example in examples.items():
                yield f"{where} ({name})", media["schema"], example["value"]


def test_every_operation_has_request_response_and_error_examples(schema):
    seen = {where.split(" (")[0] for where, _, _ in _json_examples(schema)}
    operations = list(_operations(schema))
    assert len(operations) >= 130
    for path, method, operation in operations:
        responses = [code for code in operation["responses"] if code != "204"]
        for code in responses:
            if "application/json" in operation["responses"][code].get("content", {}):
                assert f"{method.upper()} {path} {code}" in seen
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert f"{method.upper()} {path} request" in seen
        if "{place_slug}" in path:
            place = next(p for p in operation["parameters"] if p["name"] == "place_slug")
            assert place["example"] == "buckinghamshire"


def test_every_example_is_valid_by_the_schema_it_illustrates(schema):
    checked = 0
    problems = []
    for where, body_schema, value in _json_examples(schema):
        validator = Draft202012Validator(
            {**body_schema, "components": schema["components"]}, format_checker=FormatChecker()
        )
        for error in validator.iter_errors(value):
            problems.append(f"{where}: {list(error.absolute_path)}: {error.message}")
        checked += 1
    assert checked > 400
    assert not problems, "\n".join(problems[:20])


def test_error_examples_are_what_the_api_answers(client, schema):
    """The 404 example is the body a caller really gets for another place's object."""
    operation = schema["paths"]["/api/v1/places/{place_slug}/organisations/{id}/"]["get"]
    example = operation["responses"]["404"]["content"]["application/json"]["examples"]
    answer = client.get("/api/v1/places/coventry/organisations/987654/")
    assert answer.status_code == 404
    assert answer.json() == example["NotFound"]["value"]
    answer = client.get("/api/v1/places/atlantis/organisations/987654/")
    assert answer.status_code == 404
    assert answer.json() == example["NoPlace"]["value"]
    listing = schema["paths"]["/api/v1/places/{place_slug}/organisations/"]["get"]
    invalid = listing["responses"]["400"]["content"]["application/json"]["examples"]["invalid"]
    answer = client.get("/api/v1/places/coventry/organisations/", {"colour": "blue"})
    assert answer.status_code == 400
    assert answer.json() == invalid["value"]


# The document and the answers agree


def _problems(schema, path, method, code, body):
    response = schema["paths"][path][method]["responses"][code]
    body_schema = response["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**body_schema, "components": schema["components"]}, format_checker=FormatChecker()
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


def test_tender_suggestions_are_one_plain_list_as_documented(schema, bucks):
    from rest_framework.test import APIClient

    from mapping import services as mapping_services
    from tests.support.commissioning import (
        council_of,
        food_theme,
        leader_of,
        locally_embedded,
        officer_of,
        tender,
    )

    council = council_of(bucks)
    officer = officer_of(bucks, council)
    _leader, pantry = leader_of(bucks)
    locally_embedded(pantry, bucks)
    mapping_services.service_create(
        place=bucks,
        actor=None,
        organisation=pantry,
        name="Saturday pantry",
        themes=[food_theme()],
        whole_place=True,
    )
    t = tender(bucks, officer, council)
    path = "/api/v1/places/{place_slug}/tenders/{id}/suggestions/"
    operation = schema["paths"][path]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"place_slug", "id"}

    api = APIClient()
    api.force_authenticate(officer)
    answer = api.get(f"/api/v1/places/buckinghamshire/tenders/{t.pk}/suggestions/")

    assert answer.status_code == 200
    assert [(row["organisation"], row["services"]) for row in answer.json()] == [
        (pantry.pk, ["Saturday pantry"])
    ]
    assert _problems(schema, path, "get", "200", answer.json()) == []


def test_an_empty_cursor_is_the_first_page(client, schema, bucks):
    from tests.support.factories import OrganisationFactory

    for name in ["Amersham Aid", "Burnham Bakes", "Chesham Choir"]:
        OrganisationFactory(name=name, places=[bucks])
    url = "/api/v1/places/buckinghamshire/organisations/"
    cursor = next(
        p
        for p in schema["paths"]["/api/v1/places/{place_slug}/organisations/"]["get"]["parameters"]
        if p["name"] == "cursor"
    )
    assert "Empty or left out: the first page." in cursor["description"]
    assert cursor["schema"] == {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"}

    first = client.get(url, {"page_size": 2})
    empty = client.get(url, {"page_size": 2, "cursor": ""})

    assert empty.status_code == 200, empty.content
    assert empty.json() == first.json() and len(first.json()["results"]) == 2
    assert client.get(url, {"cursor": "not-a-cursor"}).status_code == 400  # still checked


def test_id_filters_document_the_ids_they_accept(client, schema, bucks):
    id_filters = {
        (path, p["name"]): p["schema"]
        for path, _method, operation in _operations(schema)
        for p in operation.get("parameters", [])
        if p["in"] == "query"
        and p["schema"].get("type") in {"integer", "number"}
        and p["name"] not in {"page_size", "page", "per_page", "year", "severity"}
    }
    assert ("/api/v1/places/{place_slug}/actions/", "board") in id_filters
    for where, parameter in id_filters.items():
        assert parameter["type"] == "integer" and parameter["minimum"] == 1, where

    answer = client.get("/api/v1/places/buckinghamshire/actions/", {"board": 0})
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"]["board"] == ["Board id must be 1 or more"]


def test_open_referral_pages_document_their_ranges(client, schema, bucks):
    path = "/api/v1/places/{place_slug}/hsds/services/"
    parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["per_page"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert (
        client.get("/api/v1/places/buckinghamshire/hsds/services/", {"page": 0}).status_code == 404
    )


def test_a_body_in_an_unread_form_is_a_documented_415(client, schema):
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "415" in operation["responses"]

    answer = client.post("/api/v1/auth/token/", "email=a", content_type="text/plain")

    assert answer.status_code == 415
    assert _problems(schema, "/api/v1/auth/token/", "post", "415", answer.json()) == []
