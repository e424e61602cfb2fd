"""The maps' points as GeoJSON, and the paged lists beside them: the asset list and the map of
services page their rows (the filters kept in the page links) and their maps fetch the points from
assets.geojson and services.geojson, which give only the place's rows, only what the public list
shows, bounded by a box and a cap."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from mapping import geojson, services


def url(place, name):
    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug})


def make_asset(place, name, *, lat=None, lng=None, **fields):
    fields.setdefault("kind", "physical")
    return services.asset_create(
        place=place,
        actor=None,
        name=name,
        latitude=None if lat is None else Decimal(str(lat)),
        longitude=None if lng is None else Decimal(str(lng)),
        **fields,
    )


def map_source(page_text, data_id):
    """The address the page's map fetches its points from (its json_script data's "source")."""
    start = page_text.index(f'id="{data_id}"')
    start = page_text.index(">", start) + 1
    end = page_text.index("</script>", start)
    return json.loads(page_text[start:end])


def test_asset_geojson_is_a_feature_collection_of_the_places_mapped_assets(
    client, sutton, bucks, area
):
    cheam = area(sutton, "Cheam")
    make_asset(
        sutton,
        "Cheam Park",
        lat=51.358,
        lng=-0.212,
        area=cheam,
        contact_email="keeper@example.org",
        contact_consent=False,
    )
    make_asset(sutton, "Retired electrician", kind="people")  # no place on the map
    make_asset(bucks, "Wycombe Rye", lat=51.63, lng=-0.74)  # another place's

    response = client.get(url(sutton, "asset_geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    found = response.json()
    assert found["type"] == "FeatureCollection"
    assert "truncated" not in found
    [feature] = found["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.212, 51.358]}
    assert feature["properties"] == {
        "name": "Cheam Park",
        "kind": "physical",
        "detail": "Physical spaces",
        "area": "Cheam",
    }
    # Nothing the public list keeps back: no contact, consent or not.
    assert "keeper@example.org" not in response.content.decode()


def test_asset_geojson_filters_as_the_list_does_and_by_box(client, sutton, area):
    cheam, belmont = area(sutton, "Cheam"), area(sutton, "Belmont")
    make_asset(sutton, "Cheam Park", lat=51.358, lng=-0.212, area=cheam)
    make_asset(sutton, "Cheam choir", kind="cultural", lat=51.357, lng=-0.213, area=cheam)
    make_asset(sutton, "Belmont library", kind="institution", lat=51.344, lng=-0.198, area=belmont)

    def names(**params):
        response = client.get(url(sutton, "asset_geojson"), params)
        assert response.status_code == 200, response.content
        return sorted(f["properties"]["name"] for f in response.json()["features"])

    assert names(area="cheam") == ["Cheam Park", "Cheam choir"]
    assert names(area="cheam", kind="cultural") == ["Cheam choir"]
    assert names(bbox="-0.2,51.3,-0.19,51.35") == ["Belmont library"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"bbox": "1,2,3"}, "bbox", "four numbers separated by commas"),
        ({"bbox": "a,b,c,d"}, "bbox", "four numbers separated by commas"),
        ({"bbox": "0,91,1,92"}, "bbox", "latitudes between -90 and 90"),
        ({"bbox": "1,50,0,51"}, "bbox", "west edge must not be east"),
        ({"kind": "castle"}, "kind", "Choose a kind of asset"),
        ({"area": "nowhere"}, "area", "Choose an area of this place"),
    ],
)
def test_asset_geojson_refuses_bad_filters_by_field(client, sutton, params, field, message):
    response = client.get(url(sutton, "asset_geojson"), params)
    assert response.status_code == 400
    [error] = response.json()["errors"][field]
    assert message in error


def test_another_places_area_is_refused_not_read(client, sutton, bucks, area):
    area(bucks, "High Wycombe")
    make_asset(bucks, "Wycombe Rye", lat=51.63, lng=-0.74)
    response = client.get(url(sutton, "asset_geojson"), {"area": "high-wycombe"})
    assert response.status_code == 400
    assert "Wycombe" not in response.json()["errors"]["area"][0]


def test_geojson_says_when_it_holds_fewer_points_than_matched(client, sutton, monkeypatch):
    monkeypatch.setattr(geojson, "MAX_FEATURES", 2)
    for i in range(3):
        make_asset(sutton, f"Bench {i}", lat=f"51.35{i}", lng=-0.2)
    found = client.get(url(sutton, "asset_geojson")).json()
    assert len(found["features"]) == 2
    assert found["truncated"] is True and found["total"] == 3


def test_asset_list_is_paged_keeping_its_filters_and_its_map_reads_the_geojson(
    client, sutton, area
):
    cheam = area(sutton, "Cheam")
    for i in range(30):
        make_asset(sutton, f"Cheam bench {i:02}", lat=51.35, lng=-0.21, area=cheam)
    make_asset(sutton, "Belmont library", kind="institution", area=area(sutton, "Belmont"))

    page = client.get(url(sutton, "asset_list"), {"area": "cheam", "kind": "physical"})
    text = page.content.decode()
    assert "30 assets, page 1 of 2" in text
    assert "Cheam bench 00" in text and "Cheam bench 24" in text and "Cheam bench 25" not in text
    assert 'class="govuk-pagination"' in text
    assert "?area=cheam&amp;kind=physical&amp;page=2" in text
    # The map carries no points: it fetches them, with the same filters.
    data = map_source(text, "asset-map-data")
    assert data["points"] == []
    assert data["source"] == url(sutton, "asset_geojson") + "?area=cheam&kind=physical"
    assert "Cheam bench 00" not in json.dumps(data)

    second = client.get(url(sutton, "asset_list"), {"area": "cheam", "kind": "physical", "page": 2})
    text = second.content.decode()
    assert "Cheam bench 25" in text and "Cheam bench 29" in text and "Cheam bench 24" not in text
    assert "Belmont" not in text.split("<table", 1)[1]

    # No map when none of the assets chosen has a place on it.
    text = client.get(url(sutton, "asset_list"), {"area": "belmont"}).content.decode()
    assert "Belmont library" in text and "asset-map-data" not in text


def test_service_map_pages_its_list_and_fetches_its_points(client, sutton, area, make_service):
    cheam = area(sutton, "Cheam")
    for i in range(55):
        make_service(
            sutton,
            f"Cheam pantry {i:02}",
            areas=[cheam],
            latitude=Decimal("51.356"),
            longitude=Decimal("-0.215"),
        )
    make_service(sutton, "Debt advice line", themes=["money-and-debt"], areas=[cheam])

    text = client.get(url(sutton, "service_map"), {"theme": "food"}).content.decode()
    assert "55 services have a location on the map." in text
    assert "Cheam pantry 49" in text and "Cheam pantry 50" not in text
    assert "?theme=food&amp;page=2" in text
    data = map_source(text, "service-map-data")
    assert data["points"] == []
    assert data["source"] == url(sutton, "service_geojson") + "?theme=food"

    found = client.get(data["source"]).json()
    assert len(found["features"]) == 55
    first = found["features"][0]
    assert first["properties"]["name"] == "Cheam pantry 00"
    assert first["properties"]["url"].startswith(f"/{sutton.slug}/mapping/services/")
    assert first["geometry"]["coordinates"] == [-0.215, 51.356]
    everything = client.get(url(sutton, "service_geojson")).json()["features"]
    assert len(everything) == 55  # the debt line has no location
    refused = client.get(url(sutton, "service_geojson"), {"theme": "no-such-theme"})
    assert refused.status_code == 400 and "theme" in refused.json()["errors"]
