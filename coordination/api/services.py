"""Changes to partner keys: made and revoked by place admins, each audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from .keys import new_key
from .models import READ, PartnerKey
from .scopes import known_scopes


@transaction.atomic
def partner_key_create(*, place, actor, name, scopes, rate=""):
    """Returns (the key row, the key itself): the only time the key can be read."""
    name = name.strip()
    unknown = sorted(set(scopes) - set(known_scopes()))
    if unknown:
        raise RuleViolation({"scopes": _("There is no scope called %(s)s.") % {"s": unknown[0]}})
    if not scopes:
        raise RuleViolation({"scopes": _("Choose at least one scope.")})
    if PartnerKey.objects.for_place(place).filter(name=name, revoked_at__isnull=True).exists():
        raise RuleViolation(
            {"name": _("A key called %(name)s is in use already.") % {"name": name}}
        )
    key, prefix, key_hash = new_key()
    row = PartnerKey(
        place=place,
        name=name,
        prefix=prefix,
        key_hash=key_hash,
        scopes=sorted(set(scopes) | {READ}),
        rate=rate,
        created_by=actor,
    )
    row.full_clean()
    row.save()
    audit_record(
        place=place,
        actor=actor,
        action="api.partner_key.create",
        target=row,
        changes={"name": name, "scopes": row.scopes, "rate": rate},
    )
    return row, key


@transaction.atomic
def partner_key_revoke(*, place, actor, key):
    row = PartnerKey.objects.for_place(place).select_for_update().filter(pk=key.pk).first()
    if row is None or row.revoked_at is not None:
        raise RuleViolation(_("This key has been revoked already."))
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    audit_record(place=place, actor=actor, action="api.partner_key.revoke", target=row)
    return row
