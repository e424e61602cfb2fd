"""The API root, places and areas: public reads, scoped to the place in the address."""

from coordination.places.models import AreaKind
from coordination.places.services import area_create
from tests.support.api_errors import error_of


def test_api_root_lists_the_resources(api, db):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["places"].endswith("/api/v1/places/")
    assert body["me"].endswith("/api/v1/me/")
    assert body["auth_token"].endswith("/api/v1/auth/token/")
    assert body["schema"].endswith("/api/schema/")
    assert body["docs"].endswith("/api/docs/")
    assert body["place"].endswith("/api/v1/places/{place_slug}/")
    assert body["place_resources"]["organisations"].endswith(
        "/api/v1/places/{place_slug}/organisations/"
    )
    assert set(body["place_resources"]) == {
        "areas",
        "organisations",
        "memberships",
        "invitations",
        "deletions",
    }
    assert body["place_resources"]["deletions"].endswith("/api/v1/places/{place_slug}/deletions/")


def test_places_list_is_public(api, bucks, coventry, sutton):
    response = api.get("/api/v1/places/")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [p["slug"] for p in body["results"]] == ["buckinghamshire", "coventry", "sutton"]


def test_inactive_places_are_not_listed(api, bucks, coventry):
    coventry.is_active = False
    coventry.save()
    slugs = [p["slug"] for p in api.get("/api/v1/places/").json()["results"]]
    assert "coventry" not in slugs
    assert api.get("/api/v1/places/coventry/").status_code == 404


def test_place_detail(api, bucks):
    response = api.get("/api/v1/places/buckinghamshire/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Buckinghamshire"
    assert body["slug"] == "buckinghamshire"
    assert body["gss_code"] == "E06000060"
    assert body["timezone"] == "Europe/London"
    assert body["colour"] == "#005a5b"
    assert body["digest_weekday"] == 0
    assert body["digest_weekday_name"] == "Monday"
    assert body["digest_hour"] == 8
    assert body["tagline"].startswith("A Recovery Board")
    assert body["links"]["self"] == "http://testserver/api/v1/places/buckinghamshire/"
    assert body["links"]["areas"] == "http://testserver/api/v1/places/buckinghamshire/areas/"
    assert body["links"]["organisations"].endswith("/api/v1/places/buckinghamshire/organisations/")
    assert body["links"]["web"] == "http://testserver/buckinghamshire/"


def test_unknown_place_is_a_json_404(api, db):
    for url in ("/api/v1/places/atlantis/", "/api/v1/places/atlantis/organisations/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert error_of(response)["code"] == "not_found"


def test_areas_are_the_places_own(api, bucks, coventry):
    area_create(place=bucks, name="Aylesbury North", kind=AreaKind.WARD)
    area_create(place=bucks, name="Chiltern Villages", kind=AreaKind.COMMUNITY_BOARD_AREA)
    area_create(place=coventry, name="Foleshill", kind=AreaKind.WARD)

    response = api.get("/api/v1/places/buckinghamshire/areas/")
    assert response.status_code == 200
    names = [a["name"] for a in response.json()["results"]]
    assert sorted(names) == ["Aylesbury North", "Chiltern Villages"]

    wards = api.get("/api/v1/places/buckinghamshire/areas/", {"kind": "ward"}).json()["results"]
    assert [a["name"] for a in wards] == ["Aylesbury North"]

    by_name = api.get("/api/v1/places/buckinghamshire/areas/", {"ordering": "-name"}).json()[
        "results"
    ]
    assert [a["name"] for a in by_name] == ["Chiltern Villages", "Aylesbury North"]


def test_area_detail_is_by_slug(api, bucks, coventry):
    parent = area_create(place=bucks, name="Aylesbury", kind=AreaKind.LOCALITY)
    area_create(
        place=bucks, name="Aylesbury North", kind=AreaKind.WARD, gss_code="E05012345", parent=parent
    )
    area_create(place=coventry, name="Foleshill", kind=AreaKind.WARD)

    response = api.get("/api/v1/places/buckinghamshire/areas/aylesbury-north/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Aylesbury North"
    assert body["kind"] == "ward"
    assert body["gss_code"] == "E05012345"
    assert body["parent"] == "aylesbury"
    assert body["url"] == "http://testserver/api/v1/places/buckinghamshire/areas/aylesbury-north/"

    # Coventry's area through Buckinghamshire is the same 404 as one that does not exist.
    other = api.get("/api/v1/places/buckinghamshire/areas/foleshill/")
    missing = api.get("/api/v1/places/buckinghamshire/areas/nowhere/")
    assert other.status_code == missing.status_code == 404
    assert error_of(other) == error_of(missing)


def test_an_unknown_area_kind_is_a_field_error(api, bucks):
    response = api.get("/api/v1/places/buckinghamshire/areas/", {"kind": "planet"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert "kind" in error["fields"]


def test_areas_are_read_only(api_as, bucks, admin_of):
    api = api_as(admin_of(bucks))
    response = api.post("/api/v1/places/buckinghamshire/areas/", {"name": "New", "kind": "ward"})
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
