"""Writing a place and everything it owns to one JSON-ready dict, files included."""

import base64
import json

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from ..models import Place
from ..tenancy import scopes_disabled
from .carried import (
    CARRIED_WITH,
    EXCLUDED,
    FORMAT,
    SHARED,
    SKIPPED_FIELDS,
    VERSION,
    TransferError,
    label_of,
    owned_model_labels,
    owned_models,
    owned_queryset,
    place_fk,
    relations,
)


def export_place(place):
    """The place and everything it owns, as one JSON-ready dict."""
    with scopes_disabled():
        owned = {}  # label -> {pk: serialized row}
        for model in owned_models():
            rows = serializers.serialize("python", owned_queryset(model, place).order_by("pk"))
            if rows:
                owned[label_of(model)] = {row["pk"]: row for row in rows}
        shared = {}  # label -> {pk: serialized row}
        files = {}
        pending = []
        for label, rows in owned.items():
            model = apps.get_model(label)
            for row in rows.values():
                pending += _check_references(model, row, place, owned)
                files.update(_files_of(model, row))
        while pending:
            label, pk = pending.pop()
            if pk in shared.get(label, {}):
                continue
            row = _shared_row(apps.get_model(label), pk, place, owned)
            shared.setdefault(label, {})[pk] = row
            pending += _check_references(apps.get_model(label), row, place, owned, shared=True)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "place": serializers.serialize("python", [place])[0]["fields"],
        "shared": [row for rows in shared.values() for row in rows.values()],
        "objects": [row for rows in owned.values() for row in rows.values()],
        "files": files,
        "left_out": EXCLUDED,
    }


def write_export(data, stream):
    json.dump(data, stream, cls=DjangoJSONEncoder, indent=1, sort_keys=False)


def _check_references(model, row, place, owned, shared=False):
    """Global rows this row needs; fails if an owned row points at another place's rows."""
    needed = []
    for field, is_m2m in relations(model):
        target = field.related_model
        values = row["fields"].get(field.name)
        if values is None:
            continue
        for value in values if is_m2m else [values]:
            if target is Place:
                if value != place.pk and not shared:
                    raise TransferError(f"{row['model']} {row['pk']} points at another place.")
                continue
            if value in owned.get(label_of(target), {}):
                continue
            if label_of(target) in SHARED:
                needed.append((label_of(target), value))
            elif shared and label_of(target) in owned_model_labels():
                continue  # a shared row's link to another place's row: dropped in _shared_row
            else:
                raise TransferError(
                    f"{row['model']} {row['pk']} points at {label_of(target)} {value}, which is "
                    f"neither this place's nor listed in SHARED (coordination/places/transfer/carried.py)."
                )
    return needed


def _shared_row(model, pk, place, owned):
    row = serializers.serialize("python", model._base_manager.filter(pk=pk))[0]
    fields = row["fields"]
    for name in SKIPPED_FIELDS.get(label_of(model), ()):
        fields.pop(name, None)
    owned_labels = owned_model_labels()
    for field, is_m2m in relations(model):
        if field.name not in fields:
            continue
        target = label_of(field.related_model)
        # Links to places and place-owned rows: only this place's (never another place's).
        if field.related_model is Place:
            keep = {place.pk}
        elif CARRIED_WITH.get(label_of(model)) == field.name:
            continue  # a shared programme's question keeps its programme (shared too)
        elif target in owned_labels:
            keep = set(owned.get(target, {}))
            fk = place_fk(field.related_model)
            if fk is not None and fk.null:  # rows of no place (the shared themes) are kept too
                rows = field.related_model._base_manager.filter(**{fk.name: None})
                keep |= set(rows.values_list("pk", flat=True))
        else:
            continue
        if is_m2m:
            fields[field.name] = [v for v in fields[field.name] if v in keep]
        elif fields[field.name] not in keep:
            fields[field.name] = None
    if label_of(model) == "accounts.User":
        from allauth.account.models import EmailAddress

        row["emails"] = list(
            EmailAddress.objects.filter(user_id=pk).values("email", "verified", "primary")
        )
    return row


def _files_of(model, row):
    out = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField) and row["fields"].get(field.name):
            name = row["fields"][field.name]
            try:
                with default_storage.open(name, "rb") as handle:
                    out[name] = base64.b64encode(handle.read()).decode("ascii")
            except FileNotFoundError:
                out[name] = None  # the row names a file that is gone; the import keeps the name
    return out
