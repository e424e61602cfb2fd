"""Sutton's admin uploads an area's outline as a GeoJSON file in the browser; every map then draws
it. Markers close together gather into a cluster that a keyboard opens, every marker and cluster is
at least 24 by 24 CSS px (WCAG 2.5.8), and the theme and area filters narrow the markers and the
list beside them. axe-core checks each page, and each reflows at 320 px."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coordination.places.services import area_create
from coordination.vocabularies.models import Theme
from mapping import services
from tests.support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Cheam as a rough square around its services (longitude, latitude).
CHEAM = {
    "type": "Feature",
    "properties": {"name": "Cheam"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [[-0.225, 51.35], [-0.205, 51.35], [-0.205, 51.362], [-0.225, 51.362], [-0.225, 51.35]]
        ],
    },
}


def mapping_url(place, name, **kwargs):
    from django.urls import reverse

    return reverse(f"places:mapping:{name}", kwargs={"place_slug": place.slug, **kwargs})


def marker_sizes(page, map_id):
    """(width, height) of every marker and cluster icon drawn on the map."""
    return page.locator(f"#{map_id} .leaflet-marker-icon").evaluate_all(
        "icons => icons.map(i => { const b = i.getBoundingClientRect(); return [b.width, b.height]; })"
    )


def assert_targets_large_enough(page, map_id):
    sizes = marker_sizes(page, map_id)
    assert sizes, f"no markers on #{map_id}"
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes


@pytest.fixture
def cheam_and_belmont(sutton):
    cheam = area_create(place=sutton, name="Cheam", kind="ward")
    belmont = area_create(place=sutton, name="Belmont", kind="ward")
    food = Theme.objects.get(slug="food", place__isnull=True)
    debt = Theme.objects.get(slug="money-and-debt", place__isnull=True)
    organisation = OrganisationFactory(places=[sutton], name="Cheam Community Trust")
    # Three food services a few metres apart in Cheam: one cluster until zoomed right in.
    for i, name in enumerate(["Cheam pantry", "Cheam fridge", "Cheam café"]):
        services.service_create(
            place=sutton,
            actor=None,
            organisation=organisation,
            name=name,
            themes=[food],
            areas=[cheam],
            latitude=Decimal("51.35600") + Decimal("0.00040") * i,
            longitude=Decimal("-0.21500"),
        )
    services.service_create(
        place=sutton,
        actor=None,
        organisation=organisation,
        name="Belmont debt advice",
        themes=[debt],
        areas=[belmont],
        latitude=Decimal("51.34400"),
        longitude=Decimal("-0.19800"),
    )
    services.asset_create(
        place=sutton,
        actor=None,
        kind="physical",
        name="Cheam Park",
        area=cheam,
        latitude=Decimal("51.35800"),
        longitude=Decimal("-0.21200"),
    )
    return cheam, belmont


def test_admin_uploads_an_outline_and_the_maps_draw_it(
    page,
    live_server,
    axe_check,
    reflow_check,
    sign_in,
    sutton,
    admin_of,
    password,
    cheam_and_belmont,
    tmp_path,
):
    admin_of(sutton, email="admin@sutton.example")
    sign_in(page, "admin@sutton.example", password)

    # The admin finds the outlines from the map's sub-navigation.
    page.goto(live_server.url + mapping_url(sutton, "service_map"))
    page.get_by_role("link", name="Area outlines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area outlines in Sutton")
    expect(page.locator("#outline-cheam")).to_contain_text("No outline")
    axe_check(page)
    reflow_check(page)
    page.get_by_role("link", name="Upload the outline of Cheam").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outline of Cheam")
    axe_check(page)

    # A file that is not an outline is refused, with the reason on the field.
    wrong = tmp_path / "cheam.geojson"
    wrong.write_text(json.dumps({"type": "Point", "coordinates": [-0.21, 51.35]}))
    page.get_by_label("Upload a GeoJSON file").set_input_files(str(wrong))
    page.get_by_role("button", name="Upload the outline").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Polygon, MultiPolygon, Feature or FeatureCollection")
    axe_check(page)
    reflow_check(page)

    right = tmp_path / "cheam-ward.geojson"
    right.write_text(json.dumps(CHEAM))
    page.get_by_label("Upload a GeoJSON file").set_input_files(str(right))
    page.get_by_role("button", name="Upload the outline").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The outline of Cheam is on the map"
    )
    expect(page.locator("#outline-cheam")).to_contain_text("On the map")
    expect(page.locator("#outline-map path.inplace-map-outline")).to_have_count(1)
    axe_check(page)

    # The service map draws the outline; the three Cheam services are one cluster, opened with
    # the keyboard.
    page.goto(live_server.url + mapping_url(sutton, "service_map"))
    expect(page.locator("#service-map path.inplace-map-outline")).to_have_count(1)
    cluster = page.locator("#service-map .inplace-map-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_attribute("aria-label", "3 places here: zoom in to see them")
    expect(
        page.locator('#service-map .leaflet-marker-icon[alt="Belmont debt advice"]')
    ).to_be_visible()
    assert_targets_large_enough(page, "service-map")
    axe_check(page)
    reflow_check(page)
    cluster.focus()
    page.keyboard.press("Enter")
    expect(page.locator('#service-map .leaflet-marker-icon[alt="Cheam pantry"]')).to_be_visible()
    assert_targets_large_enough(page, "service-map")

    # Zoomed out, every marker gathers into clusters.
    zoom_out = page.locator("#service-map .leaflet-control-zoom-out")
    for _ in range(8):
        if zoom_out.get_attribute("aria-disabled") == "true":
            break
        zoom_out.click()
        page.wait_for_timeout(300)
    expect(page.locator("#service-map .leaflet-marker-icon[alt]")).to_have_count(0)
    expect(page.locator("#service-map .inplace-map-cluster").first).to_be_visible()
    assert_targets_large_enough(page, "service-map")

    # The filters narrow the markers and the list beside the map (without JavaScript too: GET).
    page.get_by_label("Theme").select_option(label="Money and debt")
    page.get_by_role("button", name="Show services").click()
    expect(page.locator("#service-map-list li")).to_have_count(1)
    expect(page.locator("#service-map-list")).to_contain_text("Belmont debt advice")
    expect(page.locator("#service-map .leaflet-marker-icon")).to_have_count(1)
    expect(
        page.locator("#service-map .leaflet-marker-icon[alt='Belmont debt advice']")
    ).to_be_visible()
    axe_check(page)
    page.get_by_label("Theme").select_option(label="Every theme")
    page.get_by_label("Area").select_option(label="Cheam")
    page.get_by_role("button", name="Show services").click()
    expect(page.get_by_role("heading", name="Services in Cheam")).to_be_visible()
    expect(page.locator("#service-map-list li")).to_have_count(3)
    expect(page.locator("#service-map-list")).not_to_contain_text("Belmont")
    expect(page.locator("#service-map .inplace-map-cluster")).to_have_count(1)
    expect(page.locator("#service-map .leaflet-marker-icon[alt]")).to_have_count(0)

    # The asset map and the gap map draw it too.
    page.goto(live_server.url + mapping_url(sutton, "asset_list"))
    expect(page.locator("#asset-map path.inplace-map-outline")).to_have_count(1)
    expect(page.locator('#asset-map .leaflet-marker-icon[alt="Cheam Park"]')).to_be_visible()
    assert_targets_large_enough(page, "asset-map")
    axe_check(page)
    reflow_check(page)
    page.goto(live_server.url + mapping_url(sutton, "gaps"))
    expect(page.locator("#gap-map path.inplace-map-outline")).to_have_count(1)
    axe_check(page)
    reflow_check(page)

    # The admin removes the outline: the maps stop drawing it.
    page.goto(live_server.url + mapping_url(sutton, "outline_upload", slug="cheam"))
    page.get_by_role("link", name="Remove the outline").click()
    axe_check(page)
    page.get_by_role("button", name="Remove the outline").click()
    expect(page.locator("#outline-cheam")).to_contain_text("No outline")
    page.goto(live_server.url + mapping_url(sutton, "service_map"))
    expect(page.locator("#service-map .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("#service-map path.inplace-map-outline")).to_have_count(0)


def test_a_map_with_more_points_than_one_answer_asks_again_for_what_is_in_view(
    page, live_server, axe_check, sutton, cheam_and_belmont, monkeypatch
):
    from mapping import geojson

    # One answer carries three points here: the visitor first sees three of the four services.
    monkeypatch.setattr(geojson, "MAX_FEATURES", 3)
    page.goto(live_server.url + mapping_url(sutton, "service_map"))
    note = page.locator(".inplace-map-note")
    expect(note).to_have_text(
        "The map shows 3 of the 4 places found. Zoom in to see the rest; the list has them all."
    )
    expect(page.locator("#service-map-list li")).to_have_count(4)
    expect(
        page.locator('#service-map .leaflet-marker-icon[alt="Belmont debt advice"]')
    ).to_be_visible()
    axe_check(page)

    # Opening the Cheam cluster zooms in; the map asks for the points in view and draws all three.
    cluster = page.locator("#service-map .inplace-map-cluster")
    cluster.focus()
    page.keyboard.press("Enter")
    expect(note).to_have_text("The map shows all 3 places in this view.")
    expect(page.locator('#service-map .leaflet-marker-icon[alt="Cheam pantry"]')).to_be_visible()
    expect(
        page.locator('#service-map .leaflet-marker-icon[alt="Belmont debt advice"]')
    ).to_have_count(0)
    axe_check(page)
