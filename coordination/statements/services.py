"""Changes to statements: publishing a version, naming the place's contacts, accepting terms.

Publishing and naming contacts are a place admin's, audited in the place. Accepting the terms is a
person's own act, recorded once per version (a second accept of the same version changes nothing).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from . import selectors
from .defaults import DEFAULT_TERMS_VERSION
from .models import Kind, StatementAcceptance, StatementContacts, StatementVersion

CONTACT_FIELDS = ("controller", "controller_contact", "dpo_contact", "accessibility_contact")


def _check_admin(actor, place):
    """Only the place's admins change its statements; the demo acts with no person."""
    if actor is not None and not selectors.can_edit(actor, place):
        raise RuleViolation(_("Only %(place)s’s admins change its statements.") % {"place": place})


@transaction.atomic
def publish(*, place, actor, kind, body, changes):
    """Publish a new version of one of the place's statements: the next number, never a change."""
    _check_admin(actor, place)
    if kind not in Kind.values:
        raise RuleViolation({"kind": _("Choose a statement.")})
    body = (body or "").strip()
    changes = (changes or "").strip()
    errors = {}
    if not body:
        errors["body"] = _("Enter the statement")
    if not changes:
        errors["changes"] = _("Enter a summary of the changes")
    if errors:
        raise RuleViolation(errors)
    rows = StatementVersion.objects.for_place(place).filter(kind=kind)
    # Lock the place's versions of this kind, so two admins publishing at once get 1 and 2.
    list(rows.select_for_update().values_list("pk", flat=True))
    newest = rows.aggregate(newest=Max("version"))["newest"] or 0
    # The version being replaced keeps what its names stood for while it was current.
    rows.filter(version=newest).update(replaced_values=selectors.stored_values(place))
    row = StatementVersion(
        place=place,
        kind=kind,
        version=newest + 1,
        body=body,
        changes=changes,
        published_by=actor if actor is not None and actor.is_authenticated else None,
        published_at=timezone.now(),
    )
    full_clean(row)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # published at the same moment by someone else
        raise RuleViolation(
            _("Someone else has just published a version. Check it and publish again.")
        ) from exc
    audit_record(
        place=place,
        actor=actor,
        action="statements.version.publish",
        target=row,
        changes={"kind": kind, "version": row.version, "summary": changes},
    )
    return row


@transaction.atomic
def contacts_save(*, place, actor, **fields):
    """Name who the place's statements give as data controller, DPO and accessibility contact."""
    _check_admin(actor, place)
    row = StatementContacts.objects.for_place(place).select_for_update().first()
    before = {k: getattr(row, k) for k in CONTACT_FIELDS} if row else {}
    row = row or StatementContacts(place=place)
    for key in CONTACT_FIELDS:
        if key in fields:
            setattr(row, key, (fields[key] or "").strip())
    row.updated_by = actor if actor is not None and actor.is_authenticated else None
    full_clean(row)
    row.save()
    audit_record(
        place=place,
        actor=actor,
        action="statements.contacts.update",
        target=row,
        changes={
            k: [before.get(k), getattr(row, k)]
            for k in CONTACT_FIELDS
            if before.get(k) != getattr(row, k)
        },
    )
    return row


def _accept(user, place, version):
    StatementAcceptance.objects.get_or_create(
        user=user, place=place, kind=Kind.TERMS, version=version
    )


@transaction.atomic
def accept_default_terms(*, user):
    """The person accepts the shipped terms as they are now (at sign-up, or in the demo)."""
    _accept(user, None, DEFAULT_TERMS_VERSION)


@transaction.atomic
def accept_due_terms(*, user):
    """The person accepts every version of the terms they have still to accept; returns them."""
    due = selectors.terms_due(user)
    for item in due:
        _accept(user, item.place, item.version)
    return due
