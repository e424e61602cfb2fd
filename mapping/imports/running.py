"""Running checked rows through the real services: a check (rolled back) or an import.

The check and the import are the same run, so the preview reports exactly what importing would
do, by line and column. An import is everything or nothing, or only the valid rows when the person
chooses; a row whose external id exists is updated, so importing a file twice changes nothing the
second time. New services are created together, in bulk, after the other rows.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.accounts.permissions import can
from coordination.errors import RuleViolation

from .. import selectors, services
from ..models import Asset, ImportKind, Need, Service
from .columns import COLUMNS, FIELD_COLUMNS
from .rows import (
    Row,
    Vocabulary,
    asset_fields,
    looks_like_formula,
    need_fields,
    service_fields,
    unescape,
)


@dataclass
class Checked:
    """What importing the rows would do (or did)."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # [line, column, message]


MODELS = {ImportKind.SERVICES: Service, ImportKind.NEEDS: Need, ImportKind.ASSETS: Asset}


def _owned(kind, obj, user, allowed_orgs):
    """May this person update this existing row? (Admins: any; organisations: their own.)"""
    if allowed_orgs is None:
        return True
    if kind == ImportKind.SERVICES:
        return obj.organisation_id in allowed_orgs
    if kind == ImportKind.NEEDS:
        return obj.submitted_by_id == user.pk or obj.organisation_id in allowed_orgs
    return obj.created_by_id == user.pk


def _violation_errors(row, kind, exc):
    columns = COLUMNS[kind]
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            column = FIELD_COLUMNS.get(name, name if name in columns else "")
            for error in errors:
                for message in error.messages:
                    row.error(column, message)
    else:
        for message in exc.messages:
            row.error("", message)


PROGRESS_EVERY = 250


def run(place, actor, kind, rows, *, commit, only_valid=False, progress=None):
    """Check (commit=False) or import the rows; returns a Checked. Nothing is saved unless commit,
    and then nothing at all when any row fails, unless only_valid."""
    kind = ImportKind(kind)
    vocab = Vocabulary(place)
    allowed_orgs = None
    if not can(actor, place, "manage_all_services"):
        allowed_orgs = set(
            selectors.organisations_acted_for(actor, place).values_list("pk", flat=True)
        )
    model = MODELS[kind]
    ids = [cells.get("external_id", "") for _line, cells in rows]
    existing = {
        obj.external_id: obj
        for obj in model.objects.for_place(place).filter(external_id__in=[i for i in ids if i])
    }
    result = Checked()
    new_services = []
    seen = {}
    organisation = None
    if kind == ImportKind.NEEDS and allowed_orgs:
        organisation = selectors.organisations_acted_for(actor, place).first()

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for done, (line, cells) in enumerate(rows):
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, len(rows))
                cells, escaped = unescape(dict(cells))
                row = Row(line, cells)
                for column, value in cells.items():
                    if column not in escaped and looks_like_formula(value):
                        row.error(
                            column,
                            _(
                                "“%(value)s” looks like a spreadsheet formula, which is not "
                                "imported. If it is meant as text, start the cell with an "
                                "apostrophe (')."
                            )
                            % {"value": value[:40]},
                        )
                external_id = row.text("external_id")
                if not external_id:
                    row.error("external_id", _("Give every row an external id."))
                elif external_id in seen:
                    row.error(
                        "external_id",
                        _("%(id)s is also on line %(line)d: each row needs its own external id.")
                        % {"id": external_id, "line": seen[external_id]},
                    )
                else:
                    seen[external_id] = line
                if kind == ImportKind.SERVICES:
                    fields = service_fields(row, vocab, allowed_orgs)
                elif kind == ImportKind.NEEDS:
                    fields = need_fields(row, vocab)
                else:
                    fields = asset_fields(row, vocab)
                current = existing.get(external_id)
                if current is not None and not _owned(kind, current, actor, allowed_orgs):
                    row.error(
                        "external_id",
                        _("%(id)s belongs to someone else’s row.") % {"id": external_id},
                    )
                if not row.errors and kind == ImportKind.SERVICES and current is None:
                    # New services are created together after the loop (one bulk insert).
                    new_services.append((row, {**fields, "external_id": external_id}))
                    continue
                if not row.errors:
                    try:
                        with transaction.atomic():
                            _save(place, actor, kind, current, fields, external_id, organisation)
                    except RuleViolation as exc:
                        # A refused row is reported on its line and the run goes on, so the
                        # preview lists every problem in the file at once.
                        _violation_errors(row, kind, exc)
                _count(result, row, current)
            if new_services:
                _created, refused = services.service_create_many(
                    place=place,
                    actor=actor,
                    items=[(row.line, fields) for row, fields in new_services],
                )
                for row, _fields in new_services:
                    if row.line in refused:
                        _violation_errors(row, kind, refused[row.line])
                    _count(result, row, None)
                result.errors.sort(key=lambda e: e[0])
            if progress:
                progress(len(rows), len(rows))
            if not commit or (result.errors and not only_valid):
                raise _Rollback
    except _Rollback:
        pass
    return result


def _count(result, row, current):
    if row.errors:
        result.errors.extend(row.errors)
        result.skipped += 1
    elif current is None:
        result.created += 1
    else:
        result.updated += 1


def _save(place, actor, kind, current, fields, external_id, organisation):
    if kind == ImportKind.SERVICES:
        if current is None:
            services.service_create(place=place, actor=actor, external_id=external_id, **fields)
        else:
            services.service_update(place=place, actor=actor, service=current, **fields)
    elif kind == ImportKind.NEEDS:
        if current is None:
            services.need_create(
                place=place,
                actor=actor,
                organisation=organisation,
                external_id=external_id,
                **fields,
            )
        else:
            services.need_update(place=place, actor=actor, need=current, **fields)
    elif current is None:
        services.asset_create(place=place, actor=actor, external_id=external_id, **fields)
    else:
        services.asset_update(place=place, actor=actor, asset=current, **fields)
