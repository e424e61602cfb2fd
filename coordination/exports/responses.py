"""Serving an export's built file: ETag, Last-Modified, Cache-Control, and 304 on a match.

The files are read from the "exports" storage and streamed through Django (``FileResponse`` over
``storage.open()``), so the same code serves the filesystem and S3, and a file that is not public
open data goes out only after its view's permission check. A file never built is built in the
request, so a link just works; a stale one is rebuilt in the request unless a task is building it
already, in which case the previous file is served meanwhile.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from .registry import export_kind
from .services import build, forget, storage

# A file up to this size is answered whole; a larger one is streamed from storage.
WHOLE_ANSWER_BYTES = 1024 * 1024

# How long a request waits for a build another process is running before serving the old file
# (or, for a file never built, waiting for it).
WAIT_FOR_FIRST_BUILD_SECONDS = 60


def _etag_matches(header, etag):
    if not header:
        return False
    candidates = [part.strip() for part in header.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def _built(place, key):
    record = build(place, key, wait_seconds=0.0)
    if not record.name:  # never built, and someone else is building it: wait for theirs
        record = build(place, key, wait_seconds=WAIT_FOR_FIRST_BUILD_SECONDS)
    return record


def _opened(place, key, record):
    """(record, its open file); a file gone from storage (emptied or moved) is built again."""
    try:
        return record, storage().open(record.name, "rb")
    except FileNotFoundError:
        forget(place, record)
    record = build(place, key, wait_seconds=WAIT_FOR_FIRST_BUILD_SECONDS)
    try:
        return record, storage().open(record.name, "rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc


def serve_export(request, place, key):
    """The current file of export ``key`` of ``place``. A file that is not public is served to
    whoever reaches this: the caller checks who may have it first."""
    kind = export_kind(key)
    if kind is None:
        raise Http404
    record = _built(place, key)
    if not record.name:
        response = HttpResponse(status=503)
        response["Retry-After"] = "10"
        return response
    if _etag_matches(request.headers.get("If-None-Match"), f'"{record.etag}"'):
        response = HttpResponseNotModified()
    elif not record.records and kind.when_empty is not None:
        response = kind.when_empty(place)
    else:
        record, handle = _opened(place, key, record)
        if record.size <= WHOLE_ANSWER_BYTES:
            with handle:
                response = HttpResponse(handle.read(), content_type=kind.content_type)
        else:
            response = FileResponse(handle, content_type=kind.content_type)
            response["Content-Length"] = str(record.size)
        name = kind.filename(place)
        response["Content-Disposition"] = f'{kind.disposition}; filename="{name}"'
    response["ETag"] = f'"{record.etag}"'
    response["Last-Modified"] = http_date(record.built_at.timestamp())
    response["Cache-Control"] = (
        f"public, max-age={settings.EXPORTS_MAX_AGE_SECONDS}"
        if kind.public
        else "private, no-cache"
    )
    response["X-Content-Type-Options"] = "nosniff"
    for header, value in (kind.headers(record) if kind.headers else {}).items():
        response[header] = value
    return response
