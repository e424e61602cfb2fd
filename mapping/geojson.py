"""The maps' points as GeoJSON (RFC 7946): what the asset map and the service map fetch instead of
carrying every point in the page, and what anyone may read of them.

A FeatureCollection of Points ([longitude, latitude]), each Feature's id the row's id and its
properties only what the public list already shows (name, a line of detail, a link). Bounded: an
optional ``bbox`` (west,south,east,north in degrees, as RFC 7946 orders it) and at most
MAX_FEATURES features; when more match, the collection says so in two foreign members
(``truncated``: true, ``total``: how many matched) so a map can tell its reader to narrow it.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import AssetKind

MAX_FEATURES = 5000


class FilterError(Exception):
    """Refused query parameters, as {field: [message]}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def parse_bbox(value):
    """(west, south, east, north) from "west,south,east,north", or None for an empty value."""
    value = (value or "").strip()
    if not value:
        return None
    message = _(
        "Enter the box as four numbers separated by commas: west, south, east, north "
        "(for example -0.9,51.5,-0.6,51.7)."
    )
    parts = value.split(",")
    if len(parts) != 4:
        raise FilterError({"bbox": [message]})
    try:
        west, south, east, north = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        raise FilterError({"bbox": [message]}) from None
    if not all(v.is_finite() for v in (west, south, east, north)):
        raise FilterError({"bbox": [message]})
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError(
            {"bbox": [_("Longitudes must be between -180 and 180, latitudes between -90 and 90.")]}
        )
    if west > east:
        raise FilterError({"bbox": [_("The box's west edge must not be east of its east edge.")]})
    return west, south, east, north


def within(queryset, bbox):
    """Rows with coordinates, inside the box when one is given."""
    queryset = queryset.filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is None:
        return queryset
    west, south, east, north = bbox
    return queryset.filter(
        longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
    )


def collection(queryset, feature, *, limit=None):
    """A FeatureCollection of the first ``limit`` (MAX_FEATURES) rows (values dicts) made Features
    by ``feature``; with ``truncated`` and ``total`` when more matched (one more query only then)."""
    limit = MAX_FEATURES if limit is None else limit
    rows = list(queryset[: limit + 1])
    found = {"type": "FeatureCollection", "features": [feature(r) for r in rows[:limit]]}
    if len(rows) > limit:
        found["truncated"] = True
        found["total"] = queryset.count()
    return found


def point(pk, latitude, longitude, properties):
    return {
        "type": "Feature",
        "id": pk,
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


ASSET_COLUMNS = ("pk", "name", "kind", "latitude", "longitude", "area__name")


def asset_feature_maker():
    """Features for asset rows, each kind's label translated once."""
    kinds = {value: str(label) for value, label in AssetKind.choices}

    def feature(row):
        return point(
            row["pk"],
            row["latitude"],
            row["longitude"],
            {
                "name": row["name"],
                "kind": row["kind"],
                "detail": kinds.get(row["kind"], ""),
                "area": row["area__name"] or "",
            },
        )

    return feature


SERVICE_COLUMNS = ("pk", "name", "organisation__name", "latitude", "longitude")


def service_feature_maker(address):
    """Features for service rows, each linking to its page (``address(pk)``)."""

    def feature(row):
        return point(
            row["pk"],
            row["latitude"],
            row["longitude"],
            {
                "name": row["name"],
                "detail": row["organisation__name"],
                "url": address(row["pk"]),
            },
        )

    return feature
