"""Reads of the audit trail, always for one place."""

from .models import AuditEntry


def audit_trail(place, *, action_prefix=None):
    entries = AuditEntry.objects.for_place(place).select_related("actor")
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries
