"""One place's data to a file and back (manage.py export_place / import_place).

What a place owns is found from the app registry, so a model added later is carried with no change
here: every model with a foreign key to Place (PlaceScoped and the like), and a model linked to
places many-to-many whose rows belong to this place alone. Rows are written with Django's "python"
serializer (its field values, files as their stored names) and their old primary keys; the import
inserts them with new keys in dependency order and rewrites every foreign key and many-to-many link
through a map of old to new keys, so it works in a database that already holds other places.

Global rows that the place's rows point at (people, organisations, communities, shared themes,
programmes shared with other places) are written with the fields that find them again (SHARED);
the import links to the row it finds, or creates it from the file. Uploaded files are embedded in
base64, so the file is the whole place. Some rows are left out on purpose (EXCLUDED): secrets that
must not work in two places, and logs of deliveries already made.
"""

import base64
import json
import uuid
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from coordination import jsonlimits

from .models import Place
from .tenancy import scopes_disabled

FORMAT = "inplace-place-export"
VERSION = 2
# Models that changed app since an earlier version of the format: old label -> label now. Version 1
# files named the shared vocabularies as mapping's.
RENAMED_MODELS = {
    1: {
        "mapping.theme": "vocabularies.theme",
        "mapping.communityaddition": "vocabularies.communityaddition",
    },
}

# Place-owned models that are not carried, and why.
EXCLUDED = {
    "api.PartnerKey": "a partner's key must not work in a second place; the admin makes new ones",
    "webhooks.WebhookSubscription": "carries a signing secret; the admin subscribes again",
    "webhooks.WebhookDelivery": "a log of deliveries to subscriptions that are not carried",
    "boards.CalendarFeed": "secret calendar links; each person gets a new one on asking",
    "accounts.Invitation": "invitation links are secrets and expire; invite again",
    "notifications.OutboxEmail": "emails already sent or queued; keys name the old rows",
}

# Global models place-owned rows point at: the fields that find the same row in another database.
SHARED = {
    "accounts.User": ("email",),
    "organisations.Organisation": ("name", "org_id"),
    "organisations.Community": ("slug",),
    "vocabularies.Theme": ("slug",),  # the shared themes (no place); a place's own themes are owned
    "funding.Programme": ("title", "opens_on", "deadline"),  # when open in other places too
    "contenttypes.ContentType": ("app_label", "model"),
}
# Global models that stay global even when only this place uses them (people and organisations
# are national); other models linked to places many-to-many are owned when only this place has them.
ALWAYS_SHARED = {"accounts.User", "organisations.Organisation", "organisations.Community"}
# Fields of a shared row never carried: permissions are per installation.
SKIPPED_FIELDS = {"accounts.User": {"groups", "user_permissions", "is_superuser", "is_staff"}}


class TransferError(Exception):
    """The file or the database does not allow the export or import; the message says why."""


def _label(model):
    return model._meta.label


def _place_fk(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Place:
            return field
    return None


def _place_m2m(model):
    for field in model._meta.many_to_many:
        if field.related_model is Place:
            return field
    return None


def _owned_labels():
    return {_label(model) for model in owned_models()}


def owned_models():
    """Models holding a place's rows: a foreign key to Place, or a many-to-many with places."""
    found = []
    for model in apps.get_models():
        if model is Place or model._meta.proxy or _label(model) in EXCLUDED:
            continue
        if _place_fk(model) or (_place_m2m(model) and _label(model) not in ALWAYS_SHARED):
            found.append(model)
    return found


def _owned_queryset(model, place):
    fk = _place_fk(model)
    if fk is not None:
        return model._base_manager.filter(**{fk.name: place})
    # Linked to places many-to-many: this place's alone (shared ones are SHARED references).
    m2m = _place_m2m(model)
    others = model._base_manager.filter(**{m2m.name: place}).filter(
        **{f"{m2m.name}__in": Place.objects.exclude(pk=place.pk)}
    )
    return model._base_manager.filter(**{m2m.name: place}).exclude(pk__in=others.values("pk"))


def _relations(model):
    """(field, is_m2m) for each relation the serializer writes."""
    out = [(f, False) for f in model._meta.concrete_fields if f.is_relation]
    out += [
        (f, True) for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
    ]
    return out


# Export ------------------------------------------------------------------------------------------


def export_place(place):
    """The place and everything it owns, as one JSON-ready dict."""
    with scopes_disabled():
        owned = {}  # label -> {pk: serialized row}
        for model in owned_models():
            rows = serializers.serialize("python", _owned_queryset(model, place).order_by("pk"))
            if rows:
                owned[_label(model)] = {row["pk"]: row for row in rows}
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
    for field, is_m2m in _relations(model):
        target = field.related_model
        values = row["fields"].get(field.name)
        if values is None:
            continue
        for value in values if is_m2m else [values]:
            if target is Place:
                if value != place.pk and not shared:
                    raise TransferError(f"{row['model']} {row['pk']} points at another place.")
                continue
            if value in owned.get(_label(target), {}):
                continue
            if _label(target) in SHARED:
                needed.append((_label(target), value))
            elif shared and _label(target) in _owned_labels():
                continue  # a shared row's link to another place's row: dropped in _shared_row
            else:
                raise TransferError(
                    f"{row['model']} {row['pk']} points at {_label(target)} {value}, which is "
                    f"neither this place's nor listed in SHARED (coordination/places/transfer.py)."
                )
    return needed


def _shared_row(model, pk, place, owned):
    row = serializers.serialize("python", model._base_manager.filter(pk=pk))[0]
    fields = row["fields"]
    for name in SKIPPED_FIELDS.get(_label(model), ()):
        fields.pop(name, None)
    owned_labels = _owned_labels()
    for field, is_m2m in _relations(model):
        if field.name not in fields:
            continue
        target = _label(field.related_model)
        # Links to places and place-owned rows: only this place's (never another place's).
        if field.related_model is Place:
            keep = {place.pk}
        elif target in owned_labels:
            keep = set(owned.get(target, {}))
            fk = _place_fk(field.related_model)
            if fk is not None and fk.null:  # rows of no place (the shared themes) are kept too
                rows = field.related_model._base_manager.filter(**{fk.name: None})
                keep |= set(rows.values_list("pk", flat=True))
        else:
            continue
        if is_m2m:
            fields[field.name] = [v for v in fields[field.name] if v in keep]
        elif fields[field.name] not in keep:
            fields[field.name] = None
    if _label(model) == "accounts.User":
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


# Import ------------------------------------------------------------------------------------------


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
    return place


def _has_data(place):
    return any(_owned_queryset(model, place).exists() for model in owned_models())


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
        target = _label(field.related_model)
        if field.related_model is Place:
            return self.place.pk
        return self.new[target].get(value)

    def link_shared(self):
        """Find each shared row by its SHARED fields, or create it; then its own references."""
        rows = sorted(self.data["shared"], key=lambda r: _shared_order(r["model"]))
        for row in rows:
            model = apps.get_model(row["model"])
            label = _label(model)
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
        for name in SHARED[_label(model)]:
            field = model._meta.get_field(name)
            value = row["fields"].get(name)
            lookup[field.attname if field.is_relation else name] = (
                field.to_python(value) if value is not None and not field.is_relation else value
            )
        if _label(model) == "vocabularies.Theme":
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
                self.new[_label(model)][row["pk"]] = obj.pk
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
        for field, is_m2m in _relations(model):
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
                f"{_label(model)} file {name}: {' '.join(exc.messages)} Nothing was imported."
            ) from exc
        try:
            return default_storage.save(name, upload)
        except SuspiciousFileOperation as exc:
            raise TransferError(f"{_label(model)} file {name!r} has an unsafe name.") from exc

    def _remember_m2m(self, model, row, new_pk):
        for field, is_m2m in _relations(model):
            if is_m2m and row["fields"].get(field.name):
                self.later_m2m.append(
                    (
                        model,
                        new_pk,
                        field.name,
                        _label(field.related_model),
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
    return order.index(label.lower()) if label.lower() in order else len(order)
