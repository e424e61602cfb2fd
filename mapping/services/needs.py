"""Evidence of need: an area, a theme, how severe, and where the figure comes from.

Needs are what the gap analysis weighs services against; a document attached to one is removed
with it, once the removal is committed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation

from ..models import Need
from ._common import changed_fields, check_in_place, full_clean, signed_in, sorted_names

NEED_FIELDS = (
    "summary",
    "severity",
    "indicator_value",
    "indicator_unit",
    "indicator_source",
    "indicator_date",
    "evidence_url",
    "evidence_file",
    "external_id",
)


@transaction.atomic
def need_create(*, place, actor, area, theme, communities=(), organisation=None, **fields):
    check_in_place(place, theme=theme, communities=communities, area=area)
    need = Need(
        place=place,
        area=area,
        theme=theme,
        organisation=organisation,
        submitted_by=signed_in(actor),
        **{k: v for k, v in fields.items() if k in NEED_FIELDS},
    )
    full_clean(need)
    need.save()
    need.communities.set(communities)
    audit_record(
        place=place,
        actor=actor,
        action="mapping.need.create",
        target=need,
        changes={
            "area": area.name,
            "theme": theme.name,
            "communities": sorted_names(communities),
            **{k: getattr(need, k) for k in NEED_FIELDS if k != "evidence_file"},
        },
    )
    return need


@transaction.atomic
def need_update(*, place, actor, need, area=None, theme=None, communities=None, **fields):
    check_in_place(place, theme=theme, communities=communities, area=area)
    before = {k: getattr(need, k) for k in NEED_FIELDS}
    if area is not None:
        need.area = area
    if theme is not None:
        need.theme = theme
    for key, value in fields.items():
        if key in NEED_FIELDS:
            setattr(need, key, value)
    full_clean(need)
    need.save()
    if communities is not None:
        need.communities.set(communities)
    audit_record(
        place=place,
        actor=actor,
        action="mapping.need.update",
        target=need,
        changes=changed_fields(before, need, NEED_FIELDS),
    )
    return need


@transaction.atomic
def need_remove(*, place, actor, need):
    """Withdraw evidence of need (and its document, once the removal is committed)."""
    if need.place_id != place.id:
        raise RuleViolation(_("This evidence belongs to another place."))
    audit_record(
        place=place,
        actor=actor,
        action="mapping.need.remove",
        target=need,
        changes={"summary": need.summary, "area": need.area.name, "theme": need.theme.name},
    )
    document = need.evidence_file
    storage, name = (document.storage, document.name) if document else (None, "")
    need.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
