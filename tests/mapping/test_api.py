"""The mapping API: place-scoped services, needs and assets by role, coverage, and HSDS 3.0 output
validated against the specification's own JSON schemas."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rest_framework.test import APIClient

from coordination.accounts.models import Role
from coordination.places.services import area_create
from mapping import services
from tests.support.factories import OrganisationFactory

SCHEMAS = Path(__file__).resolve().parents[1] / "opendata_schemas" / "hsds-3.0"
SPEC_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def base(place):
    return f"/api/v1/places/{place.slug}/"


def hsds_validator(name):
    """A validator for one HSDS schema file, its $refs resolved to the local copies (no network)."""
    if not SCHEMAS.exists():
        pytest.fail(f"{SCHEMAS} is missing: the HSDS 3.0 schemas are needed", pytrace=False)
    registry = Registry()
    for path in list(SCHEMAS.glob("*.json")) + list(SCHEMAS.glob("compiled/*.json")):
        relative = path.relative_to(SCHEMAS).as_posix()
        contents = json.loads(path.read_text())
        contents.pop("$schema", None)
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        registry = registry.with_resource(SPEC_BASE + relative, resource)
    schema = {"$ref": SPEC_BASE + name}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def assert_valid(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def assert_page(body):
    assert set(body) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }


@pytest.fixture
def mapped(sutton, area, theme, community, make_service):
    helier = area(sutton, "St Helier East")
    service = make_service(
        sutton,
        "St Helier pantry",
        themes=["food"],
        areas=[helier],
        communities=[community("Carers")],
        postcode="SM5 1AA",
        address="1 Middleton Road",
        latitude="51.38700",
        longitude="-0.18600",
        contact_email="pantry@example.org",
        contact_phone="020 8000 0000",
        contact_name="Pat",
        website="https://pantry.example.org",
    )
    make_service(sutton, "Borough line", themes=["loneliness"], whole_place=True, status="paused")
    return service


def test_services_are_public_and_filterable(api, sutton, mapped):
    body = api.get(base(sutton) + "services/", {"theme": "food"}).json()
    assert [s["name"] for s in body["results"]] == ["St Helier pantry"]
    assert body["results"][0]["themes"] == ["food"]
    assert body["results"][0]["areas"] == ["st-helier-east"]


def test_charity_leader_creates_for_own_organisation_only(api, sutton, area, make_member):
    charity = OrganisationFactory(places=[sutton])
    other = OrganisationFactory(places=[sutton])
    api.force_authenticate(make_member(sutton, Role.CHARITY_LEADER, organisation=charity))
    data = {"name": "Pantry", "themes": ["food"], "whole_place": True, "organisation": other.pk}
    response = api.post(base(sutton) + "services/", data, format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()["error"]["fields"]
    response = api.post(
        base(sutton) + "services/", {**data, "organisation": charity.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.patch(base(sutton) + f"services/{pk}/", {"postcode": "nonsense"}, format="json")
    assert response.status_code == 400
    assert "postcode" in response.json()["error"]["fields"]


def test_service_writes_cannot_use_another_places_area(api, sutton, bucks, area, admin_of):
    area(bucks, "Marlow")
    api.force_authenticate(admin_of(sutton))
    charity = OrganisationFactory(places=[sutton])
    response = api.post(
        base(sutton) + "services/",
        {"name": "Pantry", "themes": ["food"], "areas": ["marlow"], "organisation": charity.pk},
        format="json",
    )
    assert response.status_code == 400 and "areas" in response.json()["error"]["fields"]


def test_residents_cannot_read_needs_but_partners_submit_them(api, sutton, area, make_member):
    area(sutton, "Cheam")
    api.force_authenticate(make_member(sutton, Role.RESIDENT))
    assert api.get(base(sutton) + "needs/").status_code == 403
    api.force_authenticate(make_member(sutton, Role.PARTNER))
    response = api.post(
        base(sutton) + "needs/",
        {"area": "cheam", "theme": "housing", "summary": "Damp", "severity": 3},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert len(api.get(base(sutton) + "needs/", {"theme": "housing"}).json()["results"]) == 1


def test_asset_contacts_are_hidden_without_consent(api, sutton, area):
    services.asset_create(
        place=sutton, actor=None, kind="people", name="Electrician", contact_email="x@example.org"
    )
    (asset,) = api.get(base(sutton) + "assets/").json()["results"]
    assert asset["contact_email"] == ""


def test_coverage_gives_the_matrix_gaps_overlaps_and_rules(api, sutton, mapped, admin_of, area):
    services.need_create(
        place=sutton,
        actor=None,
        area=area(sutton, "Cheam"),
        theme=mapped.themes.first(),
        summary="Hungry",
        severity=3,
    )
    assert api.get(base(sutton) + "coverage/").status_code == 401
    api.force_authenticate(admin_of(sutton))
    body = api.get(base(sutton) + "coverage/").json()
    assert {"area": "cheam", "theme": "food"} in body["gaps"]
    assert "at most one active service" in body["rules"]["gap"]
    cell = next(c for c in body["cells"] if c["area"] == "st-helier-east" and c["theme"] == "food")
    assert cell["services"] == 1


def test_hsds_root(api, sutton):
    body = api.get(base(sutton) + "hsds/").json()
    assert body["version"] == "3.0" and body["openapi_url"].startswith("http")


def test_hsds_services_list_is_a_page_of_valid_services(api, sutton, mapped):
    body = api.get(base(sutton) + "hsds/services/", {"per_page": 1}).json()
    assert_page(body)
    assert (body["total_items"], body["total_pages"], body["size"]) == (2, 2, 1)
    assert body["first_page"] and not body["last_page"] and not body["empty"]
    validator = hsds_validator("compiled/service_list.json")
    page2 = api.get(base(sutton) + "hsds/services/", {"per_page": 1, "page": 2}).json()
    for item in body["contents"] + page2["contents"]:
        assert_valid(validator, item)
        assert {"id", "name", "status"} <= set(item)
    statuses = {s["name"]: s["status"] for s in body["contents"] + page2["contents"]}
    assert statuses == {"Borough line": "temporarily closed", "St Helier pantry": "active"}


def test_hsds_service_is_fully_nested_and_valid(api, sutton, mapped):
    body = api.get(base(sutton) + f"hsds/services/{mapped.uuid}/").json()
    assert_valid(hsds_validator("compiled/service.json"), body)
    assert body["id"] == str(mapped.uuid)
    assert body["organization"]["name"] == mapped.organisation.name
    terms = {a["taxonomy_term"]["name"] for a in body["attributes"]}
    assert terms == {"Food", "Carers"}
    assert body["service_areas"][0]["name"] == "St Helier East"
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert address["postal_code"] == "SM5 1AA"


def test_hsds_service_publishes_its_opening_hours_as_weekly_schedules(api, sutton, mapped):
    from datetime import date, time

    services.service_update(
        place=sutton,
        actor=None,
        service=mapped,
        schedules=[
            {"weekday": 5, "opens_at": time(9), "closes_at": time(17, 30)},
            {
                "weekday": 1,
                "opens_at": time(10),
                "closes_at": time(12),
                "valid_from": date(2026, 9, 1),
                "valid_to": date(2027, 7, 20),
                "description": "Term time only",
            },
        ],
    )
    body = api.get(base(sutton) + f"hsds/services/{mapped.uuid}/").json()
    assert_valid(hsds_validator("compiled/service.json"), body)
    for item in body["schedules"]:
        assert_valid(hsds_validator("schedule.json"), item)
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        ("MO", "10:00:00", "12:00:00"),
        ("FR", "09:00:00", "17:30:00"),
    ]
    monday = body["schedules"][0]
    assert monday["freq"] == "WEEKLY" and monday["service_id"] == str(mapped.uuid)
    assert (monday["valid_from"], monday["valid_to"]) == ("2026-09-01", "2027-07-20")
    assert monday["description"] == "Term time only"
    assert "description" not in body["schedules"][1]  # optional strings are left out, not ""
    again = api.get(base(sutton) + f"hsds/services/{mapped.uuid}/").json()
    assert [s["id"] for s in again["schedules"]] == [s["id"] for s in body["schedules"]]


def test_hsds_organizations_taxonomies_and_terms_are_valid(api, sutton, mapped):
    body = api.get(base(sutton) + "hsds/organizations/").json()
    assert_page(body)
    validator = hsds_validator("compiled/organization_list.json")
    for item in body["contents"]:
        assert_valid(validator, item)
    body = api.get(base(sutton) + "hsds/taxonomies/").json()
    assert_page(body) and body["total_items"] == 2
    for item in body["contents"]:
        assert_valid(hsds_validator("taxonomy.json"), item)
    body = api.get(base(sutton) + "hsds/taxonomy_terms/", {"per_page": 500}).json()
    assert_page(body)
    assert "Food" in [t["name"] for t in body["contents"]]
    for item in body["contents"]:
        assert_valid(hsds_validator("taxonomy_term.json"), item)


def test_hsds_service_of_another_place_is_404(api, sutton, bucks, mapped):
    assert api.get(base(bucks) + f"hsds/services/{mapped.uuid}/").status_code == 404


def test_hsds_services_filter_as_the_specification_names_them(
    api, sutton, mapped, make_service, community
):
    from mapping import hsds

    other = make_service(sutton, "Debt clinic", themes=["money-and-debt"], whole_place=True)
    listed = api.get(base(sutton) + "hsds/services/").json()
    assert listed["total_items"] == 3

    def names(**params):
        body = api.get(base(sutton) + "hsds/services/", params).json()
        assert_page(body)
        return sorted(s["name"] for s in body["contents"])

    food = next(t for t in mapped.themes.all())
    assert names(taxonomy_term_id=str(food.uuid)) == ["St Helier pantry"]
    carers = hsds.derived_id("community", community("Carers").pk)
    assert names(taxonomy_term_id=carers) == ["St Helier pantry"]
    assert names(taxonomy_id=hsds.communities_taxonomy_id(sutton)) == ["St Helier pantry"]
    assert names(taxonomy_id="not-ours") == []
    assert names(organization_id=hsds.organisation_id(other.organisation)) == ["Debt clinic"]
    assert names(search="clinic") == ["Debt clinic"]
    assert len(names(modified_after="2000-01-01")) == 3
    assert names(modified_after="2999-01-01T00:00:00Z") == []
    response = api.get(base(sutton) + "hsds/services/", {"modified_after": "last tuesday"})
    assert response.status_code == 400
    assert "modified_after" in response.json()["error"]["fields"]

    terms = api.get(
        base(sutton) + "hsds/taxonomy_terms/",
        {"taxonomy_id": hsds.communities_taxonomy_id(sutton), "search": "carers", "per_page": 500},
    ).json()
    assert [t["name"] for t in terms["contents"]] == ["Carers"]
    orgs = api.get(base(sutton) + "hsds/organizations/", {"search": "zzz-nobody"}).json()
    assert orgs["empty"] and orgs["contents"] == [] and orgs["total_pages"] == 1


def test_openapi_examples_of_hsds_operations_are_valid_hsds(client, db):
    """The examples the API documentation shows for Open Referral UK are valid HSDS 3.0."""
    document = client.get("/api/schema/", {"format": "json"}).json()
    paths = document["paths"]

    def example(path):
        media = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        (only,) = media["examples"].values()
        return only["value"]

    hsds_base = "/api/v1/places/{place_slug}/hsds/"
    service = example(hsds_base + "services/{uuid}/")
    assert_valid(hsds_validator("compiled/service.json"), service)
    assert service["organization"]["name"] and service["attributes"]
    for path, schema in [
        ("services/", "compiled/service_list.json"),
        ("organizations/", "compiled/organization_list.json"),
        ("taxonomies/", "taxonomy.json"),
        ("taxonomy_terms/", "taxonomy_term.json"),
    ]:
        page = example(hsds_base + path)
        assert_page(page)
        assert page["contents"], path
        for item in page["contents"]:
            assert_valid(hsds_validator(schema), item)
    assert example(hsds_base)["version"] == "3.0"


def test_themes_areas_and_communities_are_slugs_in_name_order(
    api, sutton, area, theme, community, make_service
):
    # Given in another order, and with area kinds that put the areas' own order (kind, then
    # name) the other way round: the API lists each by name, as a list and as a detail.
    zeta = area(sutton, "Zeta Ward")
    alpha = area_create(place=sutton, name="Alpha Locality", kind="locality")
    service = make_service(sutton, "Lunch club", themes=["loneliness", "food"], areas=[zeta, alpha])
    service.communities.set([community("Young carers"), community("Older people")])
    plain = make_service(sutton, "Open door", themes=["food"], whole_place=True)

    listed = {row["name"]: row for row in api.get(base(sutton) + "services/").json()["results"]}
    detail = api.get(base(sutton) + f"services/{service.pk}/").json()
    for shown in (listed["Lunch club"], detail):
        assert shown["themes"] == ["food", "loneliness"]
        assert shown["areas"] == ["alpha-locality", "zeta-ward"]
        assert shown["communities"] == ["older-people", "young-carers"]
    assert listed["Open door"]["areas"] == [] and listed["Open door"]["communities"] == []
    assert plain.pk in {row["id"] for row in listed.values()}
