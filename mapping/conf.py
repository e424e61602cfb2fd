"""Mapping settings, read when used (never at import): the map's tile server, if any.

MAPPING_TILE_URL (a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png) and
MAPPING_TILE_ATTRIBUTION come from Django settings or, failing that, the environment. With no tile
URL the map draws area outlines and markers on a plain background: nothing is fetched.
"""

import os

from django.conf import settings


def tile_url():
    return getattr(settings, "MAPPING_TILE_URL", None) or os.environ.get("MAPPING_TILE_URL", "")


def tile_attribution():
    return getattr(settings, "MAPPING_TILE_ATTRIBUTION", None) or os.environ.get(
        "MAPPING_TILE_ATTRIBUTION", ""
    )
