"""Organisations through the API: public reads of a place's organisations, coordinators' writes."""

import pytest

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.organisations.models import Community, Organisation
from coordination.places.models import AreaKind
from coordination.places.services import area_create
from tests.support.api_errors import error_of
from tests.support.factories import OrganisationFactory

URL = "/api/v1/places/buckinghamshire/organisations/"


@pytest.fixture
def registry(bucks, coventry):
    return {
        "food_bank": OrganisationFactory(
            name="Wycombe Food Bank",
            kind="registered_charity",
            income_band="100k_1m",
            description="Emergency food parcels",
            places=[bucks],
        ),
        "youth": OrganisationFactory(
            name="Chesham Youth Club", kind="community_group", places=[bucks]
        ),
        "national": OrganisationFactory(
            name="National Lottery Community Fund", kind="funder", places=[bucks, coventry]
        ),
        "coventry_only": OrganisationFactory(name="Foleshill Women's Centre", places=[coventry]),
    }


def names(response):
    assert response.status_code == 200, response.content
    return [o["name"] for o in response.json()["results"]]


def test_list_shows_only_organisations_working_in_the_place(api, registry):
    assert names(api.get(URL)) == [
        "Chesham Youth Club",
        "National Lottery Community Fund",
        "Wycombe Food Bank",
    ]
    assert "Wycombe Food Bank" not in names(api.get("/api/v1/places/coventry/organisations/"))


def test_list_filters(api, registry):
    assert names(api.get(URL, {"kind": "funder"})) == ["National Lottery Community Fund"]
    assert names(api.get(URL, {"q": "food"})) == ["Wycombe Food Bank"]
    assert names(api.get(URL, {"q": "parcels"})) == ["Wycombe Food Bank"]
    assert names(api.get(URL, {"income_band": "100k_1m"})) == ["Wycombe Food Bank"]
    assert names(api.get(URL, {"ordering": "-name"}))[0] == "Wycombe Food Bank"


def test_list_filter_by_area_uses_this_places_areas(api, bucks, coventry, registry):
    north = area_create(place=bucks, name="Wycombe North", kind=AreaKind.WARD)
    foleshill = area_create(
        place=coventry, name="Wycombe North", slug="wycombe-north", kind=AreaKind.WARD
    )
    registry["food_bank"].areas.add(north)
    registry["national"].areas.add(foleshill)
    assert names(api.get(URL, {"area": "wycombe-north"})) == ["Wycombe Food Bank"]


def test_bad_filter_values_are_field_errors(api, registry):
    response = api.get(URL, {"kind": "pirate", "income_band": "lots"})
    assert response.status_code == 400
    error = error_of(response)
    assert set(error["fields"]) == {"kind", "income_band"}


def test_detail_shows_only_this_places_areas(api, bucks, coventry, registry):
    north = area_create(place=bucks, name="Wycombe North", kind=AreaKind.WARD)
    foleshill = area_create(place=coventry, name="Foleshill", kind=AreaKind.WARD)
    national = registry["national"]
    national.areas.add(north, foleshill)
    body = api.get(f"{URL}{national.pk}/").json()
    assert body["name"] == "National Lottery Community Fund"
    assert body["areas"] == ["wycombe-north"]
    assert body["url"] == f"http://testserver{URL}{national.pk}/"
    coventry_view = api.get(f"/api/v1/places/coventry/organisations/{national.pk}/").json()
    assert coventry_view["areas"] == ["foleshill"]


def test_another_places_organisation_is_404(api, registry):
    response = api.get(f"{URL}{registry['coventry_only'].pk}/")
    assert response.status_code == 404
    assert error_of(response) == error_of(api.get(f"{URL}999999/"))


def test_admin_creates_an_organisation(api_as, bucks, admin_of):
    area_create(place=bucks, name="Aylesbury North", kind=AreaKind.WARD)
    Community.objects.create(name="Older people", slug="older-people")
    admin = admin_of(bucks)
    response = api_as(admin).post(
        URL,
        {
            "name": "Aylesbury Men's Shed",
            "kind": "cio",
            "org_id": "GB-CHC-1234567",
            "income_band": "under_10k",
            "website": "https://shed.example.org",
            "email": "hello@shed.example.org",
            "areas": ["aylesbury-north"],
            "communities": ["older-people"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Aylesbury Men's Shed"
    assert body["areas"] == ["aylesbury-north"]
    assert body["communities"] == ["older-people"]
    organisation = Organisation.objects.get(pk=body["id"])
    assert list(organisation.places.all()) == [bucks]
    entry = AuditEntry.objects.for_place(bucks).get(action="organisations.organisation.create")
    assert entry.actor == admin
    assert entry.target_id == str(organisation.pk)


def test_council_officer_updates_an_organisation(api_as, bucks, make_member, registry):
    officer = make_member(bucks, Role.COUNCIL_OFFICER)
    food_bank = registry["food_bank"]
    response = api_as(officer).patch(
        f"{URL}{food_bank.pk}/", {"description": "Food and advice"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Food and advice"
    food_bank.refresh_from_db()
    assert food_bank.description == "Food and advice"
    entry = AuditEntry.objects.for_place(bucks).get(action="organisations.organisation.update")
    assert entry.changes == {"description": ["Emergency food parcels", "Food and advice"]}


def test_charity_leader_may_not_create(api_as, bucks, make_member):
    leader = make_member(bucks, Role.CHARITY_LEADER)
    response = api_as(leader).post(URL, {"name": "X", "kind": "cio"}, format="json")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert not Organisation.objects.filter(name="X").exists()


def test_anonymous_may_not_create(api, bucks):
    response = api.post(URL, {"name": "X", "kind": "cio"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "not_authenticated"


def test_admin_of_another_place_may_not_create_here(api_as, coventry, admin_of, bucks):
    response = api_as(admin_of(coventry)).post(URL, {"name": "X", "kind": "cio"}, format="json")
    assert response.status_code == 403


def test_another_places_area_is_a_field_error_and_no_link_is_made(
    api_as, bucks, coventry, admin_of
):
    area_create(place=coventry, name="Foleshill", kind=AreaKind.WARD)
    response = api_as(admin_of(bucks)).post(
        URL, {"name": "Shed", "kind": "cio", "areas": ["foleshill"]}, format="json"
    )
    assert response.status_code == 400
    error = error_of(response)
    assert "does not exist" in error["fields"]["areas"][0]
    assert not Organisation.objects.filter(name="Shed").exists()


def test_wrong_types_are_field_errors(api_as, bucks, admin_of):
    response = api_as(admin_of(bucks)).post(
        URL,
        {
            "name": ["not", "a", "string"],
            "kind": "pirate",
            "website": "not a url",
            "areas": "north",
        },
        format="json",
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "kind", "website", "areas"}
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)


def test_model_rules_from_the_service_are_field_errors(api_as, bucks, admin_of):
    OrganisationFactory(name="Existing", org_id="GB-CHC-1234567", places=[bucks])
    response = api_as(admin_of(bucks)).post(
        URL,
        {"name": "Copy", "kind": "registered_charity", "org_id": "GB-CHC-1234567"},
        format="json",
    )
    assert response.status_code == 400
    assert "org_id" in error_of(response)["fields"]
    response = api_as(admin_of(bucks)).post(
        URL, {"name": "Odd", "kind": "registered_charity", "org_id": "XX-123"}, format="json"
    )
    assert response.status_code == 400
    assert "org_id" in error_of(response)["fields"]


def test_a_community_another_place_added_is_neither_offered_nor_shown(
    api_as, bucks, sutton, admin_of
):
    from mapping.services import community_add

    roma = community_add(place=sutton, actor=None, name="Roma families")
    carers = Community.objects.create(name="Carers", slug="carers")
    shared = OrganisationFactory(name="Age UK", places=[bucks, sutton])
    shared.communities.set([roma, carers])
    client = api_as(admin_of(bucks))

    seen = client.get(f"{URL}{shared.pk}/").json()
    assert seen["communities"] == ["carers"]
    refused = client.patch(f"{URL}{shared.pk}/", {"communities": ["roma-families"]}, format="json")
    assert refused.status_code == 400
    assert "does not exist" in error_of(refused)["fields"]["communities"][0]

    # Bucks replaces its own list; Sutton's addition stays linked for Sutton.
    replaced = client.patch(f"{URL}{shared.pk}/", {"communities": []}, format="json")
    assert replaced.status_code == 200, replaced.content
    assert list(shared.communities.all()) == [roma]
    sutton_view = api_as(admin_of(sutton)).get(f"/api/v1/places/sutton/organisations/{shared.pk}/")
    assert sutton_view.json()["communities"] == ["roma-families"]


def test_the_organisation_form_offers_only_this_places_communities(client, bucks, sutton, admin_of):
    from mapping.services import community_add

    community_add(place=sutton, actor=None, name="Roma families")
    Community.objects.create(name="Carers", slug="carers")
    client.force_login(admin_of(bucks))
    page = client.get("/buckinghamshire/organisations/new/")
    assert page.status_code == 200
    assert "Carers" in page.text
    assert "Roma families" not in page.text


def test_size_and_registered_postcode_are_kept_and_checked(api_as, bucks, admin_of):
    admin = admin_of(bucks)
    made = api_as(admin).post(
        URL,
        {
            "name": "Wycombe Shed",
            "kind": "cio",
            "staff_count": 3,
            "registered_postcode": "hp11 2bw",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["staff_count"] == 3
    assert made.json()["registered_postcode"] == "HP11 2BW"
    assert api_as(admin).get(f"{URL}{made.json()['id']}/").json()["registered_postcode"] == (
        "HP11 2BW"
    )
    bad = api_as(admin).post(
        URL,
        {"name": "Nowhere", "kind": "cio", "staff_count": -1, "registered_postcode": "not one"},
        format="json",
    )
    assert bad.status_code == 400
    fields = error_of(bad)["fields"]
    assert set(fields) >= {"registered_postcode", "staff_count"}
