"""What each part of InPlace holds about a person, and how it forgets them.

Each app (and each part of the core) registers, in its ``registration.py``, one ``PersonalData``
per kind of row that names a person: how to collect that person's rows for "Download your data",
and what to do with them when the account closes. The core never imports an app: it only walks
this registry. ``tests/personal_data/test_registry.py`` fails when a model with a link to the user
model is covered by no registration (``covers``) and is not in its allowlist.

Collectors run with every place's scope lifted (``scopes_disabled``): the rows are chosen by the
person, across all their places, never by the place. A collector yields plain dicts with the same
keys in each row, and names no other person beyond what the rows show in public.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

__all__ = ["PersonalData", "register_personal_data", "registered", "rows_of", "model_data"]


@dataclass(frozen=True)
class PersonalData:
    name: str  # the file's name in the download, "app.what", unique
    collect: Callable[[object], Iterable[dict]]
    # Called, inside the closing transaction, when the person's account closes. None: the rows
    # stay as they are, and the person shows as "Former member" wherever they are named.
    anonymise: Callable[[object], None] | None = None
    # The user links this entry answers for, "app_label.Model.field" (the registry coverage test).
    covers: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""


_REGISTRY: dict[str, PersonalData] = {}


def register_personal_data(entry):
    if entry.name in _REGISTRY and _REGISTRY[entry.name] != entry:
        raise ValueError(f"Personal data {entry.name!r} is registered twice.")
    _REGISTRY[entry.name] = entry
    return entry


def registered():
    """Every registration, in name order."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def rows_of(queryset, columns, chunk_size=500):
    """Stream ``columns`` of a queryset's rows, in primary key order, as dicts."""
    for row in queryset.order_by("pk").values(*columns).iterator(chunk_size=chunk_size):
        yield {column: row[column] for column in columns}


def model_data(name, label, user_fields, columns, *, anonymise=None, description=""):
    """A registration for the rows of model ``label`` that name the person in any of
    ``user_fields``; ``columns`` are what the download shows (never another person's link).
    Each user field is shown as a yes/no column, "you_<field>", saying in which role it names them."""
    columns = tuple(columns)

    def collect(user):
        model = apps.get_model(label)
        matches = Q()
        for field_name in user_fields:
            matches |= Q(**{field_name: user})
        queryset = model._default_manager.filter(matches)
        for row in rows_of(queryset, columns + tuple(f"{f}_id" for f in user_fields)):
            for field_name in user_fields:
                row[f"you_{field_name}"] = row.pop(f"{field_name}_id") == user.pk
            yield row

    return PersonalData(
        name=name,
        collect=collect,
        anonymise=anonymise,
        covers=tuple(f"{label}.{f}" for f in user_fields),
        description=description,
    )
