"""Community assets: the places, groups, people and skills a neighbourhood already has.

A contact's details stay out of the audit trail unless its owner agreed to share them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import Asset
from ._common import changed_fields, check_in_place, full_clean, signed_in

ASSET_FIELDS = (
    "kind",
    "name",
    "description",
    "availability",
    "postcode",
    "latitude",
    "longitude",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_consent",
    "external_id",
)


@transaction.atomic
def asset_create(*, place, actor, area=None, **fields):
    check_in_place(place, area=area)
    asset = Asset(
        place=place,
        area=area,
        created_by=signed_in(actor),
        **{k: v for k, v in fields.items() if k in ASSET_FIELDS},
    )
    full_clean(asset)
    asset.save()
    audit_record(
        place=place,
        actor=actor,
        action="mapping.asset.create",
        target=asset,
        changes={
            "area": area.name if area else None,
            # Contact details stay out of the audit trail unless their owner agreed to share them.
            **{
                k: getattr(asset, k)
                for k in ASSET_FIELDS
                if asset.contact_consent or not k.startswith("contact_")
            },
        },
    )
    return asset


_UNCHANGED = object()


@transaction.atomic
def asset_update(*, place, actor, asset, area=_UNCHANGED, **fields):
    before = {k: getattr(asset, k) for k in ASSET_FIELDS}
    if area is not _UNCHANGED:
        check_in_place(place, area=area)
        asset.area = area
    for key, value in fields.items():
        if key in ASSET_FIELDS:
            setattr(asset, key, value)
    full_clean(asset)
    asset.save()
    changes = changed_fields(before, asset, ASSET_FIELDS)
    if not asset.contact_consent:
        changes = {k: v for k, v in changes.items() if not k.startswith("contact_")}
    audit_record(
        place=place, actor=actor, action="mapping.asset.update", target=asset, changes=changes
    )
    return asset


@transaction.atomic
def asset_remove(*, place, actor, asset):
    if asset.place_id != place.id:
        raise RuleViolation(_("This asset belongs to another place."))
    audit_record(
        place=place,
        actor=actor,
        action="mapping.asset.remove",
        target=asset,
        changes={"name": asset.name, "kind": asset.kind},
    )
    asset.delete()
