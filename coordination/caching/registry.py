"""How a write to each model finds the places whose public pages it may change.

By default a model with a ``place`` foreign key (every ``PlaceScoped`` model) bumps its row's
place, and a Place bumps itself. Every other model is declared from its app's registration.py:

- ``register_place_path(Model, places_of)``: ``places_of(row)`` gives the place ids a row shows in;
- ``register_every_place(Model)``: global data any place may show (organisations, people's names,
  shared vocabularies): a write makes every place's pages stale;
- ``register_unseen(Model, reason)``: rows no visitor ever sees (sessions, tokens, outbox);
  a write bumps nothing. Also allowed for place-owned rows that are private by nature.

``tests/caching/test_every_model_bumps.py`` fails for a model that is none of these.
"""

from django.core.exceptions import FieldDoesNotExist

EVERY_PLACE = "every place"

_paths = {}
_unseen = {}
_unseen_fields = {}


def register_place_path(model, places_of):
    _paths[model] = places_of


def register_every_place(model):
    _paths[model] = EVERY_PLACE


def register_unseen(model, reason):
    _unseen[model] = reason


def register_unseen_fields(model, fields):
    """A save that writes only these fields (``save(update_fields=...)``) bumps nothing: the
    moment a person last signed in is on no public page."""
    _unseen_fields[model] = frozenset(fields)


def only_unseen_fields(model, update_fields):
    fields = _unseen_fields.get(model._meta.concrete_model)
    return bool(fields and update_fields and set(update_fields) <= fields)


def _has_place_field(model):
    try:
        field = model._meta.get_field("place")
    except FieldDoesNotExist:
        return False
    return field.many_to_one and field.concrete


def declared(model):
    """How ``model`` bumps: "place field", "place", a callable, EVERY_PLACE, "unseen" or None."""
    from coordination.places.models import Place

    concrete = model._meta.concrete_model
    for candidate in (model, concrete):
        if candidate in _unseen:
            return "unseen"
        if candidate in _paths:
            return _paths[candidate]
    if issubclass(concrete, Place):
        return "place"
    if _has_place_field(concrete):
        return "place field"
    return None


def places_touched(row):
    """The place ids a write to ``row`` touches, EVERY_PLACE, or an empty set."""
    how = declared(type(row))
    if how == "place field":
        return {row.place_id} if row.place_id else set()
    if how == "place":
        return {row.pk}
    if how == EVERY_PLACE:
        return EVERY_PLACE
    if callable(how):
        return how(row)
    return set()


def watched_models(models):
    """The models whose writes bump something (signal receivers are connected for these)."""
    return [m for m in models if declared(m) not in (None, "unseen")]


def unseen_reason(model):
    return _unseen.get(model) or _unseen.get(model._meta.concrete_model)
