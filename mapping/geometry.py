"""What an area outline may be, judged by its content: GeoJSON in WGS84 (longitude, latitude),
a Polygon or MultiPolygon (or a Feature, or a FeatureCollection of them), every ring closed, within
the bounds of the UK map and no more than ``conf.outline_max_points()`` points in all.

``outline_geometry(value)`` returns the outline as one Polygon or MultiPolygon geometry (what is
stored and drawn) or raises ValidationError saying, in words, what is wrong. AreaOutline.clean
applies it, so the outline page, the Django admin, the demo and any import refuse alike;
``read_upload`` turns an uploaded file into the GeoJSON value first, reading at most
``conf.outline_max_bytes()``.
"""

import json
import math

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import conf

# The map's bounds: Great Britain, Northern Ireland and their islands (as Asset's coordinates).
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-9.0, 3.0)


class Refused(ValidationError):
    pass


def read_upload(upload):
    """The GeoJSON value of an uploaded file, read up to the size limit; Refused if it is too
    large, empty, not UTF-8 or not JSON."""
    limit = conf.outline_max_bytes()
    if upload.size and upload.size > limit:
        raise Refused(_too_large(limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Refused(_too_large(limit))
    if not data.strip():
        raise Refused(_("The selected file is empty"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The selected file must be a GeoJSON file (text in UTF-8)")) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise Refused(_("The selected file must be a GeoJSON file: it is not valid JSON")) from None


def _too_large(limit):
    return _("The selected file must be smaller than %(limit)s") % {"limit": filesizeformat(limit)}


def _no_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON


def outline_geometry(value):
    """One Polygon or MultiPolygon geometry from a GeoJSON value; Refused if it is anything else."""
    polygons = _polygons(value)
    if not polygons:
        raise Refused(_("The outline must contain at least one polygon"))
    limit = conf.outline_max_points()
    points = sum(len(ring) for polygon in polygons for ring in polygon)
    if points > limit:
        raise Refused(
            _(
                "The outline has %(points)s points; an outline can have at most %(limit)s. "
                "Simplify it (for example with mapshaper) and upload it again"
            )
            % {"points": f"{points:,}", "limit": f"{limit:,}"}
        )
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _polygons(value, depth=0):
    if not isinstance(value, dict):
        raise Refused(_("The outline must be a GeoJSON object"))
    kind = value.get("type")
    if kind == "Polygon":
        return [_polygon(value.get("coordinates"))]
    if kind == "MultiPolygon":
        members = value.get("coordinates")
        if not isinstance(members, list):
            raise Refused(_("A MultiPolygon’s coordinates must be a list of polygons"))
        return [_polygon(member) for member in members]
    if kind == "Feature" and depth < 2:
        return _polygons(value.get("geometry"), depth + 1)
    if kind == "FeatureCollection" and depth == 0:
        features = value.get("features")
        if not isinstance(features, list):
            raise Refused(_("A FeatureCollection must have a list of features"))
        return [p for feature in features for p in _feature(feature, depth + 1)]
    raise Refused(
        _(
            "The outline must be a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection "
            "of polygons"
        )
    )


def _feature(feature, depth):
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise Refused(_("Each item of a FeatureCollection must be a Feature"))
    return _polygons(feature.get("geometry"), depth)


def _polygon(rings):
    if not isinstance(rings, list) or not rings:
        raise Refused(_("A polygon’s coordinates must be a list of rings"))
    return [_ring(ring) for ring in rings]


def _ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise Refused(_("Each ring of a polygon must have at least 4 points"))
    points = [_position(p) for p in ring]
    if points[0] != points[-1]:
        raise Refused(_("Each ring of a polygon must be closed: its last point must be its first"))
    return points


def _position(position):
    if (
        not isinstance(position, list)
        or len(position) < 2
        or not all(_number(n) for n in position[:2])
    ):
        raise Refused(_("Each point must be a longitude and a latitude, in numbers"))
    lng, lat = float(position[0]), float(position[1])
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise Refused(
            _(
                "Points must be longitude and latitude in degrees (WGS84, EPSG:4326); "
                "%(lng)s, %(lat)s is not. Convert the file from British National Grid first"
            )
            % {"lng": _short(lng), "lat": _short(lat)}
        )
    if not (UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lng <= UK_LONGITUDE[1]):
        raise Refused(
            _(
                "The outline must be in the UK; the point %(lng)s, %(lat)s is not "
                "(points are longitude first, then latitude)"
            )
            % {"lng": _short(lng), "lat": _short(lat)}
        )
    return [round(lng, 6), round(lat, 6)]


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _short(value):
    return f"{value:.5f}".rstrip("0").rstrip(".")


def bounds(geometry):
    """(west, south, east, north) of a stored outline geometry."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    lngs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(lngs), min(lats), max(lngs), max(lats)


def points_in(geometry):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return sum(len(ring) for polygon in polygons for ring in polygon)
