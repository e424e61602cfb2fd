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


def audit_record(*, place, actor, action, target, changes=None, sealed_key=""):
    """Record a change. With ``sealed_key`` the entry stays out of every reader's sight (and is
    announced to no partner) until ``audit_unseal(place=…, key=sealed_key)``."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry.objects.create(
        place=place,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=_jsonable(changes or {}),
        sealed_key=sealed_key,
    )
    # Partner systems subscribed to this change hear of it once the transaction commits.
    if not sealed_key:
        announce(entry)
    return entry


def audit_unseal(*, place, key):
    """Show every entry sealed under ``key`` from now on; returns how many."""
    return AuditEntry.objects.for_place(place).filter(sealed_key=key).update(sealed_key="")
