"""The version of each place's public pages, and the version of what every place shows.

A cached public page's key holds both numbers, so bumping either makes every page it covers stale
at once; nothing is deleted (old entries expire after PUBLIC_PAGE_CACHE_SECONDS). A version that
is missing (never set, or evicted) starts from the current time in milliseconds, so it never
comes back to a number that keys an entry still in the cache.
"""

import time

from django.core.cache import cache

from coordination.ops.outage_errors import CACHE_ERRORS

PREFIX = "public-page"
EVERY_PLACE = f"{PREFIX}:v:all"


def place_key(place_id):
    return f"{PREFIX}:v:place:{place_id}"


def _fresh():
    return int(time.time() * 1000)


def versions(place_id):
    """(place version, every-place version), read in one round trip; set if missing."""
    keys = [place_key(place_id), EVERY_PLACE]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _fresh(), timeout=None)
            found[key] = cache.get(key)
    return found[keys[0]], found[keys[1]]


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        # Missing: any fresh value is a new version.
        if not cache.add(key, _fresh(), timeout=None):
            cache.incr(key)


def bump_places(place_ids):
    """Make every cached public page of these places stale."""
    try:
        for place_id in set(place_ids):
            _bump(place_key(place_id))
    except CACHE_ERRORS:
        # No cache, no cached pages to make stale: the page cache is skipped while it is away.
        pass


def bump_every_place():
    """Make every cached public page of every place stale (a write to what all places show)."""
    try:
        _bump(EVERY_PLACE)
    except CACHE_ERRORS:
        pass


def kept(key, make, seconds, *, keep=lambda value: True):
    """``make()``'s value, kept in the shared cache under ``key`` for ``seconds`` when
    ``keep(value)``. Made afresh on every call when ``seconds`` is 0 or the cache is out of reach.
    The caller puts in ``key`` whatever the value depends on (``versions(place_id)`` for a place's
    data), so a kept value is never stale."""
    if not seconds:
        return make()
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        return make()
    if found is None:
        found = make()
        if keep(found):
            try:
                cache.set(key, found, timeout=seconds)
            except CACHE_ERRORS:
                pass
    return found
