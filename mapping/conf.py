"""Mapping settings, read when used (never at import): the map's tile server, if any.

MAPPING_TILE_URL (a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png) and
MAPPING_TILE_ATTRIBUTION come from Django settings or, failing that, the environment. With no tile
URL the map draws area outlines and markers on a plain background: nothing is fetched.

MAPPING_OUTLINE_MAX_BYTES (default 2 MB) bounds an uploaded area outline file, and
MAPPING_OUTLINE_MAX_POINTS (default 5,000) the points of one outline, so reading, checking,
storing and drawing an outline stays quick.

MAPPING_ANALYSIS_REFRESH_SECONDS (default 60) is the quiet period after a change to services or
needs before the stored gap and overlap analysis is computed again (changes within it are one
computation).
"""

import os

from django.conf import settings


def tile_url():
    return getattr(settings, "MAPPING_TILE_URL", None) or os.environ.get("MAPPING_TILE_URL", "")


def tile_attribution():
    return getattr(settings, "MAPPING_TILE_ATTRIBUTION", None) or os.environ.get(
        "MAPPING_TILE_ATTRIBUTION", ""
    )


def outline_max_bytes():
    return _int_setting("MAPPING_OUTLINE_MAX_BYTES", 2 * 1024 * 1024)


def outline_max_points():
    return _int_setting("MAPPING_OUTLINE_MAX_POINTS", 5000)


def analysis_refresh_seconds():
    return _int_setting("MAPPING_ANALYSIS_REFRESH_SECONDS", 60)


def _int_setting(name, default):
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)
