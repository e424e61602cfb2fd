"""Reads of the audit trail, always for one place."""

from django.db.models import Q

from .models import AuditEntry
from .names import current_name


def audit_trail(place, *, action_prefix=None):
    """The place's entries (never a sealed one); `action_prefix` keeps those whose action, or a part of it from a dot
    on, starts with it ("boards", "meeting", "boards.meeting.cancel", or an earlier name)."""
    entries = AuditEntry.objects.for_place(place).filter(sealed_key="").select_related("actor")
    if action_prefix:
        action_prefix = current_name(action_prefix.strip())
        entries = entries.filter(
            Q(action__startswith=action_prefix) | Q(action__contains=f".{action_prefix}")
        )
    return entries
