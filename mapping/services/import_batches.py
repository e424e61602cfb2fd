"""An uploaded file's life: kept and checked, previewed, then imported (or queued for the worker).

A long file is checked and imported by the worker, with its progress for the preview page; each
step is safe to run twice, and an import is everything or nothing unless only the valid rows are
asked for.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation
from coordination.ops.queueing import queue_on_commit

from ..models import ImportBatch, ImportStatus
from ._common import signed_in


@transaction.atomic
def import_check(*, place, actor, kind, filename, rows):
    """Keep an uploaded file's rows and check what importing them would do (nothing is imported).

    A short file is checked at once; a long one is handed to the worker, and the preview page
    shows how far the check has got until its findings are ready.
    """
    from ..imports import LONG_IMPORT_ROWS

    batch = ImportBatch(
        place=place,
        kind=kind,
        filename=filename[:200],
        rows=rows,
        status=ImportStatus.CHECKING,
        created_by=signed_in(actor),
    )
    batch.save()
    audit_record(
        place=place,
        actor=actor,
        action="mapping.import.check",
        target=batch,
        changes={"rows": len(rows)},
    )
    if len(rows) > LONG_IMPORT_ROWS:
        from .. import progress
        from ..tasks import check_file

        progress.write(batch.pk, 0, len(rows))
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        queue_on_commit(check_file, place.pk, batch.pk, actor_id, run_here=True)
        return batch
    return import_run_check(place=place, actor=actor, batch=batch)


def import_run_check(*, place, actor, batch, progress=None):
    """Check a file waiting to be checked; safe to run twice (the second run finds it checked)."""
    from ..imports import run

    batch = ImportBatch.objects.for_place(place).get(pk=batch.pk)
    if batch.status != ImportStatus.CHECKING:
        return batch
    checked = run(place, actor, batch.kind, batch.rows, commit=False, progress=progress)
    ImportBatch.objects.for_place(place).filter(pk=batch.pk, status=ImportStatus.CHECKING).update(
        errors=checked.errors,
        to_create=checked.created,
        to_update=checked.updated,
        status=ImportStatus.PREVIEWED,
    )
    return ImportBatch.objects.for_place(place).get(pk=batch.pk)


def import_check_queued(*, place, actor, batch):
    """The worker's part of checking a long file, with its progress for the page."""
    from .. import progress

    try:
        return import_run_check(
            place=place,
            actor=actor,
            batch=batch,
            progress=lambda done, total: progress.write(batch.pk, done, total),
        )
    except Exception:
        ImportBatch.objects.for_place(place).filter(
            pk=batch.pk, status=ImportStatus.CHECKING
        ).update(status=ImportStatus.FAILED)
        raise
    finally:
        progress.clear(batch.pk)


def import_commit(*, place, actor, batch, only_valid=False, progress=None):
    """Import a checked file: all rows or none, or only the valid rows when asked. Idempotent."""
    from ..imports import run

    with transaction.atomic():
        batch = ImportBatch.objects.for_place(place).select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportStatus.PREVIEWED, ImportStatus.RUNNING):
            raise RuleViolation(_("This file has been imported already, or is being imported."))
        result = run(
            place,
            actor,
            batch.kind,
            batch.rows,
            commit=True,
            only_valid=only_valid,
            progress=progress,
        )
        if result.errors and not only_valid:
            batch.errors = result.errors
            batch.status = ImportStatus.PREVIEWED
            batch.save(update_fields=["errors", "status"])
            return batch
        batch.status = ImportStatus.IMPORTED
        batch.only_valid = only_valid
        batch.created_count = result.created
        batch.updated_count = result.updated
        batch.skipped_count = result.skipped
        batch.errors = result.errors
        batch.imported_at = timezone.now()
        batch.save()
        audit_record(
            place=place,
            actor=actor,
            action="mapping.import.commit",
            target=batch,
            changes={
                "created": result.created,
                "updated": result.updated,
                "skipped": result.skipped,
                "only_valid": only_valid,
            },
        )
    return batch


@transaction.atomic
def import_queue(*, place, actor, batch, only_valid=False):
    """Hand a long file to the worker; the preview page then shows its progress."""
    from .. import progress
    from ..tasks import import_file

    batch = ImportBatch.objects.for_place(place).select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        raise RuleViolation(_("This file has been imported already, or is being imported."))
    batch.status = ImportStatus.QUEUED
    batch.only_valid = only_valid
    batch.save(update_fields=["status", "only_valid"])
    audit_record(
        place=place,
        actor=actor,
        action="mapping.import.queue",
        target=batch,
        changes={"rows": len(batch.rows), "only_valid": only_valid},
    )
    progress.write(batch.pk, 0, len(batch.rows))
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    queue_on_commit(import_file, place.pk, batch.pk, actor_id, run_here=True)
    return batch


def import_run_queued(*, place, actor, batch):
    """The worker's part: claim a queued file (once, however often the task runs) and import it."""
    from .. import progress

    claimed = (
        ImportBatch.objects.for_place(place)
        .filter(pk=batch.pk, status=ImportStatus.QUEUED)
        .update(status=ImportStatus.RUNNING)
    )
    batch = ImportBatch.objects.for_place(place).get(pk=batch.pk)
    if not claimed:
        return batch
    try:
        batch = import_commit(
            place=place,
            actor=actor,
            batch=batch,
            only_valid=batch.only_valid,
            progress=lambda done, total: progress.write(batch.pk, done, total),
        )
    except Exception:
        ImportBatch.objects.for_place(place).filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        raise
    finally:
        progress.clear(batch.pk)
    if batch.status != ImportStatus.IMPORTED:
        # The data changed since the check and some rows now fail: nothing was imported.
        ImportBatch.objects.for_place(place).filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        batch.refresh_from_db()
    return batch
