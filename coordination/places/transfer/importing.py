"""Reading a place export and creating the place from it in one transaction, with new keys."""

import base64
import uuid
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, models, transaction

from coordination import jsonlimits

from ..models import Place
from ..tenancy import scopes_disabled
from .carried import (
    FORMAT,
    RENAMED_MODELS,
    SHARED,
    VERSION,
    TransferError,
    label_of,
    owned_models,
    owned_queryset,
    relations,
)

# Far deeper than any export nests (GeoJSON outlines included), far short of RecursionError.
EXPORT_MAX_DEPTH = 100


def read_export(stream):
    try:
        data = jsonlimits.loads(stream.read(), max_depth=EXPORT_MAX_DEPTH)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError and TooDeep included
        raise TransferError(f"Not an InPlace place export (not JSON: {exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError("Not an InPlace place export (no inplace-place-export format).")
    version = data.get("version")
    if version != VERSION and not (isinstance(version, int) and version in RENAMED_MODELS):
        raise TransferError(f"Export version {version} is not {VERSION}: unsupported.")
    for key in ("place", "shared", "objects", "files"):
        if key not in data:
            raise TransferError(f"The export has no {key!r} section.")
    for older in range(version, VERSION):
        _rename_models(data, RENAMED_MODELS[older])
    return data


def _rename_models(data, renamed):
    """Name the rows of an older file's moved models as they are named now: the rows themselves,
    their content types and the audit entries about them."""
    rows = [r for part in ("shared", "objects") if isinstance(data[part], list) for r in data[part]]
    for row in rows:
        if not isinstance(row, dict):
            continue
        label = str(row.get("model", "")).lower()
        fields = row.get("fields") if isinstance(row.get("fields"), dict) else {}
        if label in renamed:
            row["model"] = renamed[label]
        elif label == "contenttypes.contenttype":
            old = f"{fields.get('app_label')}.{fields.get('model')}"
            if old in renamed:
                fields["app_label"] = renamed[old].split(".")[0]
        elif label == "audit.auditentry" and str(fields.get("target_type", "")).lower() in renamed:
            fields["target_type"] = renamed[fields["target_type"].lower()]


def import_place(data, *, slug=None, name=None):
    """Create the place in the file (as `slug` if given) with everything it owned; new keys.

    One transaction: a file that fails part way leaves nothing behind.
    """
    try:
        with transaction.atomic():
            return _import_place(data, slug=slug, name=name)
    except TransferError:
        raise
    except (DeserializationError, IntegrityError, ValidationError, LookupError) as exc:
        raise TransferError(f"The file could not be loaded, nothing was imported: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise TransferError(f"The file is damaged, nothing was imported: {exc!r}") from exc


def _import_place(data, *, slug, name):
    fields = dict(data["place"])
    slug = slug or fields["slug"]
    existing = Place.objects.filter(slug=slug).first()
    if existing is not None and _has_data(existing):
        raise TransferError(
            f"A place with the slug {slug!r} already exists and has data; "
            f"import as another slug with --as-slug."
        )
    fields["slug"] = slug
    if name:
        fields["name"] = name
    elif Place.objects.filter(name=fields["name"]).exclude(slug=slug).exists():
        fields["name"] = f"{fields['name']} ({slug})"
    with scopes_disabled():
        if existing is None:
            place = _deserialize({"model": "places.place", "pk": None, "fields": fields})
        else:
            place = existing
        keys = _KeyMap(place, data)
        keys.link_shared()
        keys.insert_owned()
        keys.restore_links()
    # The search index is derived, not carried: made from the rows just loaded.
    from coordination.search.indexing import rebuild

    rebuild(place)
    return place


def _has_data(place):
    return any(owned_queryset(model, place).exists() for model in owned_models())


def _deserialize(row, save=True):
    (obj,) = serializers.deserialize("python", [row])
    if save:
        obj.save()
    return obj.object


class _KeyMap:
    """Old primary key -> new, per model; inserts rows in an order that satisfies their keys."""

    def __init__(self, place, data):
        self.place = place
        self.data = data
        self.new = defaultdict(dict)  # label -> {old pk: new pk}
        self.later_fk = []  # (model, new pk, field, old target pk)
        self.later_m2m = []  # (model, new pk, field name, target label, [old pks])
        self.files = data["files"] or {}

    def _target_key(self, field, value):
        target = label_of(field.related_model)
        if field.related_model is Place:
            return self.place.pk
        return self.new[target].get(value)

    def link_shared(self):
        """Find each shared row by its SHARED fields, or create it; then its own references."""
        rows = sorted(self.data["shared"], key=lambda r: _shared_order(r["model"]))
        for row in rows:
            model = apps.get_model(row["model"])
            label = label_of(model)
            if label not in SHARED:
                raise TransferError(f"The export names {label} as shared; this version cannot.")
            found = self._find_shared(model, row)
            if found is None:
                found = self._create(model, row)
                if label == "accounts.User":
                    self._emails(found, row.get("emails", []))
            self.new[label][row["pk"]] = found.pk
            self._remember_m2m(model, row, found.pk)

    def _find_shared(self, model, row):
        lookup = {}
        for name in SHARED[label_of(model)]:
            field = model._meta.get_field(name)
            value = row["fields"].get(name)
            if field.is_relation:  # a shared row linked before this one (_shared_order)
                value = self.new[label_of(field.related_model)].get(value, value)
            lookup[field.attname if field.is_relation else name] = (
                field.to_python(value) if value is not None and not field.is_relation else value
            )
        if label_of(model) == "vocabularies.Theme":
            lookup["place"] = None
        return model._base_manager.filter(**lookup).order_by("pk").first()

    def insert_owned(self):
        """Insert owned rows, parents first: a row waits while a key it needs is not yet known.

        A nullable key stops being waited for only when nothing else can go in (a cycle); it is
        then left empty and filled in by restore_links once its row exists.
        """
        waiting = list(self.data["objects"])
        strict = True
        while waiting:
            still = []
            for row in waiting:
                model = apps.get_model(row["model"])
                if self._blocked(model, row, strict=strict):
                    still.append(row)
                    continue
                obj = self._create(model, row)
                self.new[label_of(model)][row["pk"]] = obj.pk
                self._remember_m2m(model, row, obj.pk)
            if len(still) == len(waiting):
                if not strict:
                    names = sorted({r["model"] for r in still})
                    raise TransferError(
                        f"Rows of {', '.join(names)} need rows the file does not hold."
                    )
                strict = False
            else:
                strict = True
            waiting = still

    def _blocked(self, model, row, *, strict):
        for field, is_m2m in relations(model):
            value = row["fields"].get(field.name)
            if is_m2m or value is None or field.related_model is Place:
                continue
            if field.null and not strict:
                continue
            if field.related_model is model and value == row["pk"]:
                continue
            if self._target_key(field, value) is None:
                return True
        return False

    def _create(self, model, row):
        fields, later = {}, []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name not in row["fields"]:
                continue
            value = row["fields"][field.name]
            if field.is_relation and value is not None:
                key = self._target_key(field, value)
                if key is None:  # a nullable key to a row not in yet: filled in afterwards
                    later.append((field, value))
                value = key
            elif isinstance(field, models.UUIDField) and field.unique and value is not None:
                if model._base_manager.filter(**{field.name: value}).exists():
                    value = str(uuid.uuid4())  # the same database already holds the original
            elif isinstance(field, models.FileField) and value:
                value = self._restore_file(model, field, value)
            fields[field.name] = value
        obj = _deserialize({"model": row["model"], "pk": None, "fields": fields})
        for field, old in later:
            self.later_fk.append((model, obj.pk, field, old))
        return obj

    def _restore_file(self, model, field, name):
        content = self.files.get(name)
        if content is None:
            return name
        upload = ContentFile(base64.b64decode(content), name=name)
        try:
            # The field's upload policy, as for any upload: an export is a file from outside too.
            field.run_validators(upload)
        except ValidationError as exc:
            raise TransferError(
                f"{label_of(model)} file {name}: {' '.join(exc.messages)} Nothing was imported."
            ) from exc
        try:
            return default_storage.save(name, upload)
        except SuspiciousFileOperation as exc:
            raise TransferError(f"{label_of(model)} file {name!r} has an unsafe name.") from exc

    def _remember_m2m(self, model, row, new_pk):
        for field, is_m2m in relations(model):
            if is_m2m and row["fields"].get(field.name):
                self.later_m2m.append(
                    (
                        model,
                        new_pk,
                        field.name,
                        label_of(field.related_model),
                        row["fields"][field.name],
                    )
                )

    def restore_links(self):
        for model, new_pk, field, old in self.later_fk:
            key = self._target_key(field, old)
            if key is not None:
                model._base_manager.filter(pk=new_pk).update(**{field.attname: key})
        for model, new_pk, field_name, target, olds in self.later_m2m:
            if target == "places.Place":
                keys = [self.place.pk]
            else:
                keys = [self.new[target][old] for old in olds if old in self.new[target]]
            getattr(model._base_manager.get(pk=new_pk), field_name).add(*keys)

    def _emails(self, user, emails):
        from allauth.account.models import EmailAddress

        for email in emails:
            EmailAddress.objects.get_or_create(user=user, email=email["email"], defaults=email)


def _shared_order(label):
    """Shared rows that others point at come first (a programme names its funder and creator)."""
    order = ["contenttypes.contenttype", "accounts.user", "organisations.community"]
    order += ["organisations.organisation", "vocabularies.theme", "funding.programme"]
    order += ["funding.programmequestion", "organisations.organisationdocument"]
    return order.index(label.lower()) if label.lower() in order else len(order)
