"""Every write to a model that shows on a place's public pages bumps that place's version.

A write bumps twice: at once, so nothing cached before it is served again (this includes the
writer's own next request inside the same transaction), and again when the transaction commits,
so that a visitor's page rendered between the write and the commit (from the data before it)
and cached under the first bump is stale too. Bumps at commit are gathered per thread: a
transaction asks for one callback at commit, which bumps each place it wrote once.
"""

import threading
import weakref

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import registry
from .versions import bump_every_place, bump_places

_pending = threading.local()


def _pending_sets():
    if not hasattr(_pending, "places"):
        _pending.places = set()
        _pending.every = False
        _pending.flush = None
    return _pending


def _flush():
    pending = _pending_sets()
    places, every = pending.places, pending.every
    pending.places, pending.every = set(), False
    if every:
        bump_every_place()
    if places:
        bump_places(places)


def changed(places):
    """Make the public pages of ``places`` (place ids, or registry.EVERY_PLACE) stale, now and
    again when the current transaction commits. Services that write with bulk_create,
    queryset.update() or queryset.delete() without an audit entry call this themselves."""
    if places == registry.EVERY_PLACE:
        bump_every_place()
    elif places:
        bump_places(places)
    else:
        return
    if transaction.get_autocommit():
        return
    pending = _pending_sets()
    if places == registry.EVERY_PLACE:
        pending.every = True
    else:
        pending.places.update(places)
    _flush_at_commit(pending)


class _FlushAtCommit:
    def __call__(self):
        _flush()


def _flush_at_commit(pending):
    """One flush per transaction. Django drops the callbacks of a transaction (or savepoint)
    that rolls back, and those it ran at commit; only this weak reference is kept here, so while it
    is alive the flush is still to come, and once it is gone the next write asks for another."""
    if pending.flush is not None and pending.flush() is not None:
        return
    callback = _FlushAtCommit()
    pending.flush = weakref.ref(callback)
    transaction.on_commit(callback)


def changed_everywhere():
    changed(registry.EVERY_PLACE)


def _row_written(sender, instance, **kwargs):
    if kwargs.get("raw"):
        # Fixtures load rows as they are; loading data is followed by a bump of its own.
        return
    if registry.only_unseen_fields(sender, kwargs.get("update_fields")):
        return
    changed(registry.places_touched(instance))


def _links_changed(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    changed(registry.places_touched(instance))
    how = registry.declared(model)
    if not pk_set or how in (None, "unseen"):
        return
    if how == "place":
        changed(set(pk_set))
    elif how == "place field":
        rows = model._meta.base_manager.filter(pk__in=pk_set)
        changed(set(rows.values_list("place_id", flat=True)))
    elif how == registry.EVERY_PLACE:
        changed(registry.EVERY_PLACE)
    else:
        for row in model._meta.base_manager.filter(pk__in=pk_set):
            changed(registry.places_touched(row))


def connect_receivers():
    models = apps.get_models()
    for model in registry.watched_models(models):
        uid = f"public-page-cache:{model._meta.label}"
        post_save.connect(_row_written, sender=model, dispatch_uid=f"{uid}:saved")
        post_delete.connect(_row_written, sender=model, dispatch_uid=f"{uid}:deleted")
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _links_changed,
                sender=through,
                dispatch_uid=f"public-page-cache:{through._meta.label}",
            )
