"""The registry through which apps publish open data exports as built files.

An app registers an ``ExportKind`` from its ``registration.py`` (the core names no app): how to
write the file for a place into a binary stream, its media type and file name, and which models
hold what it shows (``watches``). Registering connects those models' saves, deletions and
many-to-many changes to ``services.mark_changed``, which marks the place's file stale in the
writer's transaction and queues a rebuild once it commits. A watched model with no ``place`` of its
own (organisations, shared themes) marks the files of every place. Writes that send no signals
(``bulk_create``, ``QuerySet.update``) call ``services.mark_changed`` themselves.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

__all__ = ["ExportKind", "export_kind", "export_kinds", "register_export"]


@dataclass(frozen=True)
class ExportKind:
    """One export file of a place. ``key`` is short and stable (it is stored and is part of the
    storage name); ``build(place, stream)`` writes the whole file as bytes into ``stream`` and
    returns how many records it holds; ``filename(place)`` is the download's name.

    ``when_empty(place)``, if given, is the answer when the file holds no records (a 204 where a
    standard needs at least one record); ``headers(record)`` adds headers to every answer.
    ``settings`` names the Django settings the file's content depends on (its licence, the site's
    address), and ``version`` changes when the code writes it differently: a file built under
    other settings or another version is stale."""

    key: str
    content_type: str
    build: Callable[[Any, Any], int]
    filename: Callable[[Any], str]
    watches: tuple = ()
    disposition: str = "attachment"
    when_empty: Callable[[Any], Any] | None = None
    headers: Callable[[Any], dict] | None = None
    extension: str = field(default="")
    settings: tuple = ()
    version: int = 1
    # Open data anyone may fetch and cache; False for a file the view serves only after its own
    # permission check (never cached by anyone but the person's browser).
    public: bool = True

    @property
    def suffix(self):
        return self.extension or self.key.rsplit(".", 1)[-1]

    def recipe(self):
        """A hash of what the file is built under besides the data: the version and settings."""
        values = [self.version, *(repr(getattr(settings, name, None)) for name in self.settings)]
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


_kinds: dict[str, ExportKind] = {}
_keys_by_model: dict[type, set[str]] = {}


def register_export(kind: ExportKind) -> ExportKind:
    existing = _kinds.get(kind.key)
    if existing is not None and existing.build.__module__ != kind.build.__module__:
        raise ValueError(f"An export {kind.key!r} is already registered")
    _kinds[kind.key] = kind
    for model in kind.watches:
        _keys_by_model.setdefault(model, set()).add(kind.key)
        _connect(model)
    return kind


def export_kind(key):
    return _kinds.get(key)


def export_kinds():
    return sorted(_kinds.values(), key=lambda k: k.key)


def keys_watching(model):
    return sorted(_keys_by_model.get(model, ()))


def _place_id(instance):
    """The place whose files a change reaches: its own, or None (every place) for a shared row."""
    if instance._meta.label == "places.Place":
        return instance.pk
    return getattr(instance, "place_id", None)


def _changed(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures and place imports: a new place has no files yet
        return
    from .services import mark_changed

    keys = keys_watching(type(instance)) or keys_watching(sender)
    if keys:
        mark_changed(_place_id(instance), keys)


def _links_changed(sender, instance, action, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .services import mark_changed

    keys = sorted(set(keys_watching(type(instance))) | set(keys_watching(model)))
    if keys:
        mark_changed(_place_id(instance), keys)


def _connect(model):
    label = model._meta.label_lower
    post_save.connect(_changed, sender=model, dispatch_uid=f"exports-saved-{label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"exports-deleted-{label}")
    for m2m in model._meta.many_to_many:
        if isinstance(m2m, models.ManyToManyField):
            through = m2m.remote_field.through
            m2m_changed.connect(
                _links_changed,
                sender=through,
                dispatch_uid=f"exports-links-{label}-{m2m.name}",
            )
