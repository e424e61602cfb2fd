"""Area outlines: what an outline may be (by content, on every path), who may set or remove one,
in which place, the audit trail, the maps that draw them, and the demo's own outlines."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from coordination.accounts.models import Role
from coordination.audit.models import AuditEntry
from coordination.errors import RuleViolation
from coordination.places.models import Area
from coordination.places.tenancy import place_scope
from mapping import geometry, services
from mapping.demo.outlines import seed_outlines
from mapping.models import AreaOutline

# A small square in Sutton (longitude, latitude), closed.
SQUARE = [[-0.19, 51.36], [-0.18, 51.36], [-0.18, 51.37], [-0.19, 51.37], [-0.19, 51.36]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}


def url(place, name, **kwargs):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


def geojson_file(value, name="cheam.geojson"):
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    return SimpleUploadedFile(name, data, content_type="application/geo+json")


def shifted(ring, by):
    return [[round(lng + by, 6), lat] for lng, lat in ring]


# What an outline may be


@pytest.mark.parametrize(
    "value",
    [
        POLYGON,
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted(SQUARE, 0.02)]]},
        {"type": "Feature", "properties": {"name": "Cheam"}, "geometry": POLYGON},
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": POLYGON},
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [shifted(SQUARE, 0.02)]},
                },
            ],
        },
    ],
)
def test_polygons_features_and_collections_become_one_geometry(value):
    found = geometry.outline_geometry(value)
    assert found["type"] in ("Polygon", "MultiPolygon")
    assert geometry.points_in(found) in (5, 10)
    west, south, east, north = geometry.bounds(found)
    assert -0.19 <= west < east and 51.36 <= south < north <= 51.37


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ([1, 2], "must be a GeoJSON object"),
        ({"type": "Point", "coordinates": [-0.18, 51.36]}, "Polygon, MultiPolygon, Feature"),
        ({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, "must be closed"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "at least 4 points"),
        ({"type": "Polygon", "coordinates": []}, "list of rings"),
        ({"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}, "longitude and a latitude"),
        (
            {"type": "Polygon", "coordinates": [[[530000, 160000]] * 4]},
            "WGS84",
        ),
        ({"type": "Polygon", "coordinates": [shifted(SQUARE, 10)]}, "must be in the UK"),
        (
            {"type": "Polygon", "coordinates": [[[51.36, -0.19]] * 4]},
            "longitude first",
        ),
        ({"type": "FeatureCollection", "features": []}, "at least one polygon"),
        ({"type": "FeatureCollection", "features": [POLYGON]}, "must be a Feature"),
        (
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": SQUARE}},
            "Polygon, MultiPolygon",
        ),
    ],
)
def test_what_is_not_an_outline_is_refused_with_a_reason(value, says):
    with pytest.raises(ValidationError) as refused:
        geometry.outline_geometry(value)
    assert says in " ".join(refused.value.messages)


@override_settings(MAPPING_OUTLINE_MAX_POINTS=8)
def test_an_outline_with_too_many_points_is_refused():
    many = {"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted(SQUARE, 0.02)]]}
    with pytest.raises(ValidationError, match="has 10 points; an outline can have at most 8"):
        geometry.outline_geometry(many)


def test_the_model_itself_refuses_a_bad_outline_and_stores_the_geometry(sutton, area):
    cheam = area(sutton, "Cheam")
    outline = AreaOutline(place=sutton, area=cheam, geojson={"type": "Point"})
    with pytest.raises(ValidationError) as refused:
        outline.full_clean()
    assert "geojson" in refused.value.message_dict
    outline.geojson = {"type": "Feature", "properties": {}, "geometry": POLYGON}
    outline.full_clean()
    assert outline.geojson == POLYGON


# Reading a file


def test_an_upload_is_read_within_its_size_limit():
    assert geometry.read_upload(geojson_file(POLYGON)) == POLYGON
    with override_settings(MAPPING_OUTLINE_MAX_BYTES=50):
        with pytest.raises(ValidationError, match="must be smaller than 50"):
            geometry.read_upload(geojson_file(POLYGON))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is empty"),
        (b"   ", "is empty"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"{not json", "not valid JSON"),
        (b'{"type": "Polygon", "coordinates": [[[NaN, 51]]]}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_a_file_that_is_not_json_is_refused(data, says):
    with pytest.raises(ValidationError, match=says):
        geometry.read_upload(geojson_file(data))


# The service


def test_setting_replacing_and_removing_an_outline_is_audited(sutton, area, admin_of):
    admin = admin_of(sutton)
    cheam = area(sutton, "Cheam")
    with place_scope(sutton):
        services.outline_upload(place=sutton, actor=admin, area=cheam, upload=geojson_file(POLYGON))
        moved = {"type": "Polygon", "coordinates": [shifted(SQUARE, 0.01)]}
        services.outline_set(place=sutton, actor=admin, area=cheam, geojson=moved)
        assert AreaOutline.objects.for_place(sutton).get(area=cheam).geojson == moved
        services.outline_remove(place=sutton, actor=admin, area=cheam)
        assert not AreaOutline.objects.for_place(sutton).exists()
        with pytest.raises(RuleViolation):
            services.outline_remove(place=sutton, actor=admin, area=cheam)
        actions = list(
            AuditEntry.objects.for_place(sutton)
            .filter(action__startswith="mapping.area_outline.")
            .order_by("pk")
            .values_list("action", "actor")
        )
    assert actions == [
        ("mapping.area_outline.create", admin.pk),
        ("mapping.area_outline.replace", admin.pk),
        ("mapping.area_outline.remove", admin.pk),
    ]
    assert Area.objects.for_place(sutton).filter(pk=cheam.pk).exists()


def test_the_service_refuses_another_places_area_and_a_bad_file(sutton, coventry, area):
    earlsdon = area(coventry, "Earlsdon")
    with pytest.raises(RuleViolation) as refused:
        services.outline_set(place=sutton, actor=None, area=earlsdon, geojson=POLYGON)
    assert "area" in refused.value.message_dict
    cheam = area(sutton, "Cheam")
    with pytest.raises(RuleViolation) as refused:
        services.outline_upload(
            place=sutton, actor=None, area=cheam, upload=geojson_file({"type": "Point"})
        )
    assert list(refused.value.message_dict) == ["file"]
    assert not AreaOutline.objects.for_place(sutton).exists()


# The pages


def test_only_the_places_admins_may_manage_outlines(client, sutton, area, make_member):
    cheam = area(sutton, "Cheam")
    for role in (Role.COUNCIL_OFFICER, Role.CHARITY_LEADER, Role.RESIDENT):
        client.force_login(make_member(sutton, role))
        assert client.get(url(sutton, "outline_list")).status_code == 403
        response = client.post(
            url(sutton, "outline_upload", slug=cheam.slug), {"file": geojson_file(POLYGON)}
        )
        assert response.status_code == 403
    client.logout()
    assert client.get(url(sutton, "outline_list")).status_code == 302  # to sign in
    assert not AreaOutline.objects.for_place(sutton).exists()


def test_an_admin_uploads_replaces_and_removes_an_outline(client, sutton, area, admin_of):
    cheam = area(sutton, "Cheam")
    client.force_login(admin_of(sutton))
    page = client.get(url(sutton, "outline_list")).content.decode()
    assert "Cheam" in page and "No outline" in page

    upload = url(sutton, "outline_upload", slug=cheam.slug)
    response = client.post(upload, {"file": geojson_file(POLYGON)})
    assert response.status_code == 302
    with place_scope(sutton):
        assert AreaOutline.objects.get(area=cheam).geojson == POLYGON
    assert "On the map" in client.get(url(sutton, "outline_list")).content.decode()
    page = client.get(upload).content.decode()
    assert "Replace the outline" in page and "outline-map-data" in page

    response = client.post(upload, {"file": geojson_file({"type": "Polygon", "coordinates": []})})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "list of rings" in page
    response = client.post(upload, {})
    assert "Select a GeoJSON file" in response.content.decode()

    remove = url(sutton, "outline_remove", slug=cheam.slug)
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    with place_scope(sutton):
        assert not AreaOutline.objects.exists()
    assert client.get(remove).status_code == 404


def test_another_places_admin_gets_not_found(client, sutton, coventry, area, admin_of):
    cheam = area(sutton, "Cheam")
    services.outline_set(place=sutton, actor=None, area=cheam, geojson=POLYGON)
    client.force_login(admin_of(coventry))
    for name in ("outline_upload", "outline_remove"):
        assert client.get(url(coventry, name, slug=cheam.slug)).status_code == 404
        assert client.post(url(coventry, name, slug=cheam.slug)).status_code == 404
    with place_scope(sutton):
        assert AreaOutline.objects.get(area=cheam).geojson == POLYGON


def test_every_map_draws_the_outlines(client, sutton, area, make_service, admin_of):
    cheam = area(sutton, "Cheam")
    services.outline_set(place=sutton, actor=None, area=cheam, geojson=POLYGON)
    services.asset_create(
        place=sutton,
        actor=None,
        kind="physical",
        name="Cheam Park",
        area=cheam,
        latitude=Decimal("51.36500"),
        longitude=Decimal("-0.18500"),
    )
    client.force_login(admin_of(sutton))
    for name, data_id in (
        ("service_map", "service-map-data"),
        ("asset_list", "asset-map-data"),
        ("gaps", "gap-map-data"),
        ("outline_list", "outline-map-data"),
    ):
        response = client.get(url(sutton, name))
        data = json.loads(
            response.content.decode()
            .split(f'id="{data_id}" type="application/json">')[1]
            .split("</script>")[0]
        )
        assert [o["name"] for o in data["outlines"]] == ["Cheam"], name
        assert data["outlines"][0]["geojson"] == POLYGON
    assert client.get(url(sutton, "gaps"), {"theme": "food"}).status_code == 200
    assert client.get(url(sutton, "gaps"), {"theme": "not-a-theme"}).status_code == 200


def test_the_service_map_filters_by_theme_and_area(client, sutton, area, make_service):
    cheam, belmont = area(sutton, "Cheam"), area(sutton, "Belmont")
    where = {"latitude": "51.36500", "longitude": "-0.18500"}
    make_service(sutton, "Cheam pantry", themes=["food"], areas=[cheam], **where)
    make_service(sutton, "Belmont pantry", themes=["food"], areas=[belmont], **where)
    make_service(sutton, "Debt line", themes=["money-and-debt"], whole_place=True, **where)

    def shown(**params):
        response = client.get(url(sutton, "service_map"), params)
        page = response.content.decode()
        data = json.loads(
            page.split('id="service-map-data" type="application/json">')[1].split("</script>")[0]
        )
        listed = {n for n in ("Cheam pantry", "Belmont pantry", "Debt line") if n in page}
        # The map draws the points it fetches from its GeoJSON source, with the same filters.
        points = client.get(data["source"]).json()["features"]
        assert {p["properties"]["name"] for p in points} == listed
        return listed

    assert shown() == {"Cheam pantry", "Belmont pantry", "Debt line"}
    assert shown(theme="food") == {"Cheam pantry", "Belmont pantry"}
    assert shown(area="cheam") == {"Cheam pantry", "Debt line"}
    assert shown(theme="food", area="cheam") == {"Cheam pantry"}
    assert shown(theme="no-such-theme") == {"Cheam pantry", "Belmont pantry", "Debt line"}


# The demo


def test_the_demo_gives_every_area_an_outline_once(sutton, coventry, area):
    for place, names in ((sutton, ["Cheam", "Belmont", "St Helier East"]), (coventry, ["Henley"])):
        for name in names:
            area(place, name)
        assert seed_outlines(place) == len(names)
        with place_scope(place):
            outlines = list(AreaOutline.objects.select_related("area"))
            assert sorted(o.area.name for o in outlines) == sorted(names)
            for outline in outlines:
                assert geometry.outline_geometry(outline.geojson) == outline.geojson
                assert geometry.points_in(outline.geojson) == 7  # a closed hexagon
        assert seed_outlines(place) == 0


# The API


def test_the_api_gives_the_places_outlines_as_one_feature_collection(
    client, sutton, coventry, area
):
    services.outline_set(place=sutton, actor=None, area=area(sutton, "Cheam"), geojson=POLYGON)
    services.outline_set(place=coventry, actor=None, area=area(coventry, "Henley"), geojson=POLYGON)
    response = client.get(f"/api/v1/places/{sutton.slug}/area-outlines/")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [(f["id"], f["properties"]["name"], f["geometry"]) for f in body["features"]] == [
        ("cheam", "Cheam", POLYGON)
    ]
