"""The registry through which apps make their records searchable.

An app registers ``SearchKind``s from its ``registration.py`` (found at start-up, see
docs/architecture.md); the core never imports the apps' models. A kind says how one of the app's
objects reads as a search document (``document(obj)``: a ``Document``, or None while it must not be
found at all, like a hidden idea or a meeting's minutes before they are published) and which of the
place's objects a person may open (``visible(place, user)``: a queryset built by the app's own
visibility selector). Every result is checked against ``visible`` before anyone sees it, so a
stale entry can never show what its reader may not open.

Registering a kind connects its model's saves and deletions to the index; a model with no
``place`` of its own (programmes and organisations are linked to places many-to-many) names its
``places_field``, whose changes re-index it too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

__all__ = [
    "Document",
    "SearchKind",
    "kinds_for_model",
    "register_search",
    "search_kind",
    "search_kinds",
]


@dataclass(frozen=True)
class Document:
    """What one object shows and is found by: its ``title`` (weighted above the body), ``body``
    (plain text), the ``url`` where it opens, and ``public``: whether anyone at all may open it
    now (a cheap first filter for visitors; ``visible`` still decides)."""

    title: str
    body: str
    url: str
    public: bool = False


@dataclass(frozen=True)
class SearchKind:
    """A kind of search result. ``key`` is short and stable (it is stored, and is the ``type``
    filter); ``label`` names one, ``plural`` several (the filter's choices)."""

    key: str
    label: Any
    plural: Any
    model: type
    document: Callable[[Any], Document | None]
    visible: Callable[[Any, Any], Any]
    places_field: str = ""
    order: int = 100


_kinds: dict[str, SearchKind] = {}


def register_search(kind: SearchKind) -> SearchKind:
    existing = _kinds.get(kind.key)
    if existing is not None and existing.document.__module__ != kind.document.__module__:
        raise ValueError(f"A search kind {kind.key!r} is already registered")
    _kinds[kind.key] = kind
    _connect(kind.model, kind.places_field)
    return kind


def search_kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def search_kind(key):
    return _kinds.get(key)


def kinds_for_model(model) -> list[SearchKind]:
    return [kind for kind in search_kinds() if kind.model is model]


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures and imports: rebuild_search_index catches up
        return
    from .indexing import index

    index(instance)


def _deleted(sender, instance, **kwargs):
    from .indexing import unindex

    unindex(instance)


def _places_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .indexing import index

    if not reverse:
        index(instance)
        return
    # Changed from the place's side: the objects added or removed are the searchable ones.
    if pk_set:
        for obj in model._base_manager.filter(pk__in=pk_set):
            index(obj)


def _connect(model, places_field):
    label = model._meta.label_lower
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-saved-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-deleted-{label}")
    if places_field:
        through = getattr(model, places_field).through
        m2m_changed.connect(_places_changed, sender=through, dispatch_uid=f"search-places-{label}")
