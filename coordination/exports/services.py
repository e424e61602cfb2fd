"""Marking export files stale, and building them into storage.

A build streams the file into a temporary file (bounded memory) while hashing it, saves it under a
content-addressed name (``exports/<place>/<key>-<hash>.<ext>``) in the "exports" storage, then
switches the record to it and deletes the file it replaced. Builds of one file take a lock in the
cache, so two never run at once; a build that finds the lock taken leaves the work to its holder.
A build that ran twice writes the same name with the same bytes, so content stays correct.
"""

import hashlib
import logging
import tempfile
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from coordination.places.tenancy import place_scope, scopes_disabled

from .models import ExportFile
from .registry import export_kind

logger = logging.getLogger(__name__)


def storage():
    return storages["exports"]


def _lock_key(place_id, key):
    return f"exports:building:{place_id}:{key}"


def _queued_key(place_id, key):
    return f"exports:queued:{place_id}:{key}"


def mark_changed(place_id, keys):
    """What export files ``keys`` of a place hold has changed (of every place when ``place_id``
    is None): mark the built files stale now, in the caller's transaction, so no request serves
    them as current after it commits, and queue a rebuild once it commits."""
    keys = list(keys)
    with scopes_disabled():
        rows = ExportFile.objects.filter(key__in=keys)
        if place_id is not None:
            rows = rows.filter(place_id=place_id)
        if not rows.update(generation=F("generation") + 1):
            return  # nobody has asked for these files yet: the first request builds them
    transaction.on_commit(lambda: queue_rebuild(place_id, keys))


def mark_model_changed(place, model):
    """For writes that send no signals (``bulk_create``, ``QuerySet.update``): the files that
    watch ``model`` are stale for ``place``."""
    from .registry import keys_watching

    keys = keys_watching(model)
    if keys:
        mark_changed(place.pk, keys)


def queue_rebuild(place_id, keys):
    """Queue one rebuild per file after EXPORTS_REBUILD_DELAY_SECONDS: the changes made meanwhile
    (a bulk of saves, an import) are built together."""
    from . import tasks

    delay = settings.EXPORTS_REBUILD_DELAY_SECONDS
    for key in keys:
        if not cache.add(_queued_key(place_id, key), 1, timeout=max(delay, 1)):
            continue  # a rebuild is already queued and will see this change
        try:
            tasks.rebuild_exports.apply_async(
                kwargs={"place_id": place_id, "keys": [key]}, countdown=delay
            )
        except Exception:  # the broker is down: the next request or the nightly run rebuilds it
            logger.warning("Could not queue the rebuild of %s", key, exc_info=True)


def current(place, key):
    """The place's record of export ``key`` (created, never built, on first use)."""
    record = ExportFile.objects.for_place(place).filter(key=key).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return ExportFile.objects.for_place(place).create(place=place, key=key)
    except IntegrityError:  # created meanwhile by another request
        return ExportFile.objects.for_place(place).get(key=key)


class _Hashing:
    """A binary stream that hashes and counts what passes into the file under it."""

    def __init__(self, target):
        self.target, self.hash, self.size = target, hashlib.sha256(), 0

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.hash.update(data)
        self.size += len(data)
        return self.target.write(data)

    def flush(self):
        self.target.flush()

    def writable(self):
        return True


def build(place, key, *, wait_seconds=0.0):
    """Build export ``key`` of ``place`` if it is not fresh; returns its record.

    When another process holds the build lock, wait up to ``wait_seconds`` for its file, then
    return the record as it is (fresh, stale but servable, or still without a file)."""
    kind = export_kind(key)
    recipe = kind.recipe()
    record = current(place, key)
    if record.is_fresh(recipe):
        return record
    token = uuid.uuid4().hex
    lock = _lock_key(place.pk, key)
    deadline = time.monotonic() + wait_seconds
    while not cache.add(lock, token, timeout=settings.EXPORTS_BUILD_LOCK_SECONDS):
        record.refresh_from_db()
        if record.is_fresh(recipe) or time.monotonic() >= deadline:
            return record
        time.sleep(0.1)
    try:
        record.refresh_from_db()
        if record.is_fresh(recipe):
            return record
        return _build(place, kind, record, recipe)
    finally:
        if cache.get(lock) == token:
            cache.delete(lock)


def _build(place, kind, record, recipe):
    generation = record.generation
    started = time.monotonic()
    with tempfile.TemporaryFile() as spool:
        out = _Hashing(spool)
        with place_scope(place), translation.override(settings.LANGUAGE_CODE):
            records = kind.build(place, out)
        etag = out.hash.hexdigest()[:32]
        name = f"exports/{place.slug}/{kind.key.replace('.', '-')}-{etag}.{kind.suffix}"
        if name != record.name:  # unchanged content keeps its file; anything else is saved whole
            spool.seek(0)
            name = storage().save(name, File(spool, name=name))
        size = out.size
    seconds = time.monotonic() - started
    with transaction.atomic():
        latest = ExportFile.objects.for_place(place).select_for_update().get(pk=record.pk)
        old = latest.name
        if latest.built_generation > generation:  # a newer build switched first: keep it
            replaced = name if name != old else ""
            latest_record = latest
        else:
            latest.name, latest.etag, latest.size, latest.records = name, etag, size, records
            latest.built_generation = generation
            latest.recipe = recipe
            latest.built_at = timezone.now()
            latest.build_seconds = seconds
            latest.save()
            replaced = old if old and old != name else ""
            latest_record = latest
    if replaced:
        _delete_quietly(replaced)
    logger.info(
        "Built export %s of %s: %d records, %d bytes in %.2f s",
        kind.key,
        place.slug,
        records,
        size,
        seconds,
    )
    return latest_record


def forget(place, record):
    """The record's file is gone from storage: the next build makes it again."""
    ExportFile.objects.for_place(place).filter(pk=record.pk, name=record.name).update(
        name="", etag=""
    )


def _delete_quietly(name):
    try:
        storage().delete(name)
    except Exception:  # a file left behind costs space, not correctness
        logger.warning("Could not delete the replaced export file %s", name, exc_info=True)


def rebuild(place_id, keys):
    """Rebuild the stale files ``keys`` of one place (of every place that has them when
    ``place_id`` is None); what is fresh, or being built elsewhere, is left alone."""
    from coordination.places.models import Place

    with scopes_disabled():
        rows = ExportFile.objects.filter(key__in=keys, built_generation__lt=F("generation"))
        if place_id is not None:
            rows = rows.filter(place_id=place_id)
        pending = list(rows.values_list("place_id", "key"))
    places = Place.objects.in_bulk({p for p, _k in pending})
    built = 0
    for pid, key in pending:
        if export_kind(key) is None or pid not in places:
            continue
        record = build(places[pid], key)
        built += record.is_fresh(export_kind(key).recipe())
    return built


def rebuild_everything():
    """Every file asked for so far, rebuilt: the nightly safety net for writes no signal saw."""
    with scopes_disabled():
        ExportFile.objects.update(generation=F("generation") + 1)
        keys = sorted(set(ExportFile.objects.values_list("key", flat=True)))
    return rebuild(None, keys)
