"""Simplified demo outlines for every area of a place, made here (no boundary data is shipped).

Each place gets a honeycomb of hexagons around its centre: an area whose demo services or assets
have coordinates takes the free cell nearest to them, so its markers fall inside or beside its
outline, and the other areas fill the cells nearest the centre in turn. A neighbourhood (an area
inside wards) is a smaller hexagon over its own markers. The shapes are plausible, not real
boundaries: a place's admin replaces them with the real ones on the area outlines page.
"""

import math

from coordination.places.models import Area, AreaKind

from .. import services
from ..models import AreaOutline, Asset, Service

# Place slug: (latitude, longitude of the centre, hexagon size in km: centre to corner).
PLACES = {
    "buckinghamshire": (51.74, -0.78, 6.0),
    "coventry": (52.408, -1.51, 1.5),
    "sutton": (51.365, -0.185, 1.0),
}
DEFAULT_SIZE_KM = 1.5
KM_PER_DEGREE = 111.32


def seed_outlines(place):
    """Give each area of the place without an outline a demo one; returns how many were made."""
    done = set(AreaOutline.objects.for_place(place).values_list("area_id", flat=True))
    areas = list(Area.objects.for_place(place).order_by("name", "pk"))
    if not areas or all(a.pk in done for a in areas):
        return 0
    points = _area_points(place)
    lat0, lng0, size = _centre(place, points)
    cells = _cells(len(areas))
    taken, shapes = set(), {}
    wards = [a for a in areas if a.kind != AreaKind.NEIGHBOURHOOD]
    located = [a for a in wards if a.pk in points] + [a for a in wards if a.pk not in points]
    for area in located:
        target = _to_km(lat0, lng0, *_mean(points[area.pk])) if area.pk in points else (0, 0)
        cell = min(
            (c for c in cells if c not in taken),
            key=lambda c: (math.dist(_cell_centre(c, size), target), c),
        )
        taken.add(cell)
        shapes[area.pk] = _hexagon(lat0, lng0, _cell_centre(cell, size), size)
    for area in areas:
        if area.kind == AreaKind.NEIGHBOURHOOD:
            centre = _to_km(lat0, lng0, *_mean(points[area.pk])) if area.pk in points else (0, 0)
            shapes[area.pk] = _hexagon(lat0, lng0, centre, size * 0.45)
    made = 0
    for area in areas:
        if area.pk in done:
            continue
        services.outline_set(
            place=place,
            actor=None,
            area=area,
            geojson={"type": "Polygon", "coordinates": [shapes[area.pk]]},
        )
        made += 1
    return made


def _area_points(place):
    """{area id: [(lat, lng), ...]} from the place's services and assets with coordinates."""
    found = {}
    located = Service.objects.for_place(place).exclude(latitude=None).exclude(longitude=None)
    links = Service.areas.through.objects.filter(service__in=located.values("pk"))
    for area_id, lat, lng in links.values_list(
        "area_id", "service__latitude", "service__longitude"
    ):
        found.setdefault(area_id, []).append((float(lat), float(lng)))
    assets = Asset.objects.for_place(place).exclude(latitude=None).exclude(area=None)
    for area_id, lat, lng in assets.values_list("area_id", "latitude", "longitude"):
        found.setdefault(area_id, []).append((float(lat), float(lng)))
    return found


def _centre(place, points):
    if place.slug in PLACES:
        return PLACES[place.slug]
    every = [p for found in points.values() for p in found]
    lat, lng = _mean(every) if every else (52.5, -1.5)
    return lat, lng, DEFAULT_SIZE_KM


def _mean(points):
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _cells(count):
    """Axial hex cells (q, r) in rings around (0, 0), at least ``count`` of them."""
    rings = 0
    while 1 + 3 * rings * (rings + 1) < count:
        rings += 1
    return [
        (q, r)
        for q in range(-rings, rings + 1)
        for r in range(max(-rings, -q - rings), min(rings, -q + rings) + 1)
    ]


def _cell_centre(cell, size):
    q, r = cell
    return size * math.sqrt(3) * (q + r / 2), size * 1.5 * r  # (east, north) in km


def _to_km(lat0, lng0, lat, lng):
    return (
        (lng - lng0) * KM_PER_DEGREE * math.cos(math.radians(lat0)),
        (lat - lat0) * KM_PER_DEGREE,
    )


def _hexagon(lat0, lng0, centre, size):
    """A closed ring of a pointy-topped hexagon, as GeoJSON [longitude, latitude] positions."""
    x, y = centre
    ring = []
    for corner in range(6):
        angle = math.radians(60 * corner + 30)
        east, north = x + size * math.cos(angle), y + size * math.sin(angle)
        ring.append(
            [
                round(lng0 + east / (KM_PER_DEGREE * math.cos(math.radians(lat0))), 6),
                round(lat0 + north / KM_PER_DEGREE, 6),
            ]
        )
    return [*ring, ring[0]]
