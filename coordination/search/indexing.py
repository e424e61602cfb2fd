"""Keeping the index up to date: ``index(obj)`` after a change, ``unindex(obj)`` after a removal
(both called by the signals the registry connects), and ``rebuild(place)`` from the records."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from coordination.caching.signals import changed as public_pages_changed
from coordination.places.models import Place
from coordination.places.tenancy import scopes_disabled

from .models import BODY_LIMIT, CONFIG, TITLE_LIMIT, SearchEntry
from .registry import kinds_for_model, search_kinds


def _vector():
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        "body", weight="B", config=CONFIG
    )


def _fill_vectors(entries):
    """On PostgreSQL, the weighted vector of the rows just written (SQLite's triggers keep FTS5)."""
    if connection.vendor == "postgresql":
        entries.update(vector=_vector())


def _places_of(kind, obj):
    if kind.places_field:
        return list(getattr(obj, kind.places_field).all())
    return [obj.place]


def _values(document):
    return {
        "title": " ".join(str(document.title).split())[:TITLE_LIMIT],
        "body": " ".join(str(document.body).split())[:BODY_LIMIT],
        "url": document.url[:500],
        "public": bool(document.public),
    }


def index(obj):
    """Write (or remove) the entries of one object for every kind its model has."""
    kinds = kinds_for_model(type(obj))
    if not kinds:
        return
    with scopes_disabled(), transaction.atomic():
        for kind in kinds:
            places = _places_of(kind, obj)
            kept = []
            for place in places:
                document = kind.document(obj, place)
                if document is None:
                    continue
                entry, _created = SearchEntry.objects.update_or_create(
                    place=place, kind=kind.key, object_id=obj.pk, defaults=_values(document)
                )
                kept.append(entry.pk)
            _fill_vectors(SearchEntry.objects.filter(pk__in=kept))
            SearchEntry.objects.filter(kind=kind.key, object_id=obj.pk).exclude(
                pk__in=kept
            ).delete()


def index_many(place, objects, *, batch=1000):
    """Index many new objects of one place-owned model at once (what a bulk write made, which
    sends no signals): a few statements per batch, not a few per object."""
    objects = list(objects)
    if not objects:
        return
    kinds = kinds_for_model(type(objects[0]))
    with scopes_disabled(), transaction.atomic():
        for kind in kinds:
            ids = [obj.pk for obj in objects]
            SearchEntry.objects.filter(place=place, kind=kind.key, object_id__in=ids).delete()
            rows = []
            for obj in objects:
                document = kind.document(obj, place)
                if document is not None:
                    rows.append(
                        SearchEntry(
                            place=place, kind=kind.key, object_id=obj.pk, **_values(document)
                        )
                    )
            SearchEntry.objects.bulk_create(rows, batch_size=batch)
            _fill_vectors(SearchEntry.objects.filter(place=place, kind=kind.key, object_id__in=ids))
        public_pages_changed({place.pk})


def unindex(obj):
    kinds = [kind.key for kind in kinds_for_model(type(obj))]
    if kinds and obj.pk is not None:
        with scopes_disabled():
            SearchEntry.objects.filter(kind__in=kinds, object_id=obj.pk).delete()


def _objects_in(kind, place):
    manager = kind.model._base_manager
    if kind.places_field:
        return manager.filter(**{kind.places_field: place})
    return manager.filter(place=place)


def rebuild(place, *, batch=500):
    """Make the place's entries again from its records; returns how many it wrote. Safe to rerun:
    the place's old entries go in the same transaction."""
    written = 0
    with scopes_disabled(), transaction.atomic():
        SearchEntry.objects.filter(place=place).delete()
        rows = []
        for kind in search_kinds():
            for obj in _objects_in(kind, place).order_by("pk").iterator(chunk_size=batch):
                document = kind.document(obj, place)
                if document is None:
                    continue
                rows.append(
                    SearchEntry(place=place, kind=kind.key, object_id=obj.pk, **_values(document))
                )
                if len(rows) >= batch:
                    written += len(SearchEntry.objects.bulk_create(rows))
                    rows = []
        written += len(SearchEntry.objects.bulk_create(rows))
        _fill_vectors(SearchEntry.objects.filter(place=place))
        public_pages_changed({place.pk})
    return written


def analyse():
    """Bring the planner's statistics of the index up to date after a rebuild (PostgreSQL): with
    stale ones it filters a place's every entry instead of using the GIN indexes (25 ms against
    380 ms at a county's scale)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")


def rebuild_all():
    """{place slug: entries written} for every place."""
    return {place.slug: rebuild(place) for place in Place.objects.order_by("slug")}
