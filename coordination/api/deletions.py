"""Tombstones for incremental sync: what was removed from a place, so a partner's copy drops it too.

`updated_since` gives what changed; a removed row is simply gone from a list, which a sync job cannot
tell from "not changed". Removals are audited (the services record an audit entry before deleting),
so the audit trail already holds every tombstone: an app declares (in its ``registration.py``)
which audit actions are removals of which API resource, with the permission a caller needs to learn
of them (a removed service was public; a removed need or membership was not), and
GET .../deletions/ lists them.
"""

from coordination.accounts.permissions import can
from coordination.audit.models import AuditEntry

# audit action -> (the API resource, as in its address; the permission needed, None for anyone)
_deletions: dict[str, tuple[str, str | None]] = {}


def register_deletions(deletions):
    """``deletions``: {audit action: (resource, permission or None)}."""
    _deletions.update(deletions)


def resource_of(action):
    return _deletions[action][0]


def actions_of(resource):
    return [action for action, (name, _permission) in _deletions.items() if name == resource]


def resources():
    return sorted({resource for resource, _permission in _deletions.values()})


def deletions_visible_to(user, place):
    """The place's removals this person may learn of, oldest first."""
    actions = [
        action
        for action, (_resource, permission) in _deletions.items()
        if permission is None or can(user, place, permission)
    ]
    return (
        AuditEntry.objects.for_place(place)
        .filter(action__in=actions, sealed_key="")
        .order_by("created_at", "pk")
    )
