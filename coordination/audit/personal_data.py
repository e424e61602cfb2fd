"""The audit trail's part of a person's data: the entries they made, and the entries about them.

An entry they made shows what they did and to what kind of record, not the record's name or the
changes (those may be about someone else). An entry about them (their account or a membership of
theirs) shows what was done, the changes and who did it by their displayed name only. On closing,
the entries stay (they are each place's record of who did what, shown as "Former member"); entries
about them lose their name and email address.
"""

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from coordination.personal_data.registry import PersonalData, rows_of

from .models import AuditEntry

FORMER_MEMBER = "Former member"


def _about(user, membership_ids=()):
    about = Q(target_type="accounts.user", target_id=str(user.pk))
    if membership_ids:
        about |= Q(
            target_type="accounts.membership", target_id__in=[str(i) for i in membership_ids]
        )
    return about


def _membership_ids(user):
    from django.apps import apps

    return list(
        apps.get_model("accounts", "Membership")
        ._default_manager.filter(user=user)
        .values_list("pk", flat=True)
    )


def collect_done(user):
    yield from rows_of(
        AuditEntry.objects.filter(actor=user, sealed_key=""),
        ("id", "place_id", "action", "target_type", "target_id", "created_at"),
    )


def collect_about(user):
    entries = (
        AuditEntry.objects.filter(_about(user, _membership_ids(user)), sealed_key="")
        .select_related("actor")
        .order_by("pk")
    )
    for entry in entries.iterator(chunk_size=500):
        yield {
            "id": entry.pk,
            "place_id": entry.place_id,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "changes": entry.changes,
            "done_by": str(entry.actor) if entry.actor_id else "",
            "created_at": entry.created_at,
        }


def forget(user):
    email = user.email
    about = AuditEntry.objects.filter(_about(user, _membership_ids(user)))
    about.update(target_repr=FORMER_MEMBER)
    if not email:
        return
    # Entries whose changes name the address (a membership ended, an invitation accepted).
    naming = AuditEntry.objects.annotate(text=Cast("changes", TextField())).filter(
        text__icontains=email
    )
    for entry in naming.iterator(chunk_size=200):
        scrubbed = json.loads(
            json.dumps(entry.changes).replace(
                json.dumps(email)[1:-1], f"closed-{user.pk}@closed.invalid"
            )
        )
        AuditEntry.objects.filter(pk=entry.pk).update(changes=scrubbed)


ENTRIES = (
    PersonalData(
        name="audit.done_by_you",
        collect=collect_done,
        covers=("audit.AuditEntry.actor",),
        description="Changes you made, from each place's audit trail.",
    ),
    PersonalData(
        name="audit.about_you",
        collect=collect_about,
        anonymise=forget,
        description="Changes made to your account and memberships.",
    ),
)
