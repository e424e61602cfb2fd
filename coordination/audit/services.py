"""Record an audit entry; every service that changes state calls this inside its transaction."""

from coordination.webhooks.announcements import announce

from .models import AuditEntry


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def audit_record(*, place, actor, action, target, changes=None):
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry.objects.create(
        place=place,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=_jsonable(changes or {}),
    )
    # Partner systems subscribed to this change hear of it once the transaction commits.
    announce(entry)
    return entry
