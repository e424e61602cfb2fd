"""Community structures: a place admin sets one up and changes it, and adds groups to it.

A structure's groups are boards of kind community_board with the structure preset; a structure
that groups by area needs each group's area (Board.clean says so)."""

from django.db import transaction
from django.utils.text import slugify

from coordination.audit.services import audit_record
from coordination.errors import full_clean

from ..models import BoardKind, CommunityStructure
from .boards import board_create

STRUCTURE_FIELDS = (
    "name",
    "group_noun",
    "summary",
    "description",
    "groups_by",
    "area",
    "takes_ideas",
    "holds_public_meetings",
    "resident_seats",
    "has_fund",
    "asset_based",
    "terms",
    "is_active",
)


def _unique_slug(place, name, exclude_pk=None):
    base = slugify(name)[:70] or "structure"
    if base == "new":  # /community/new/ sets a structure up
        base = "new-structure"
    slug, n = base, 2
    existing = CommunityStructure.objects.for_place(place)
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def structure_create(*, place, actor, name, **fields):
    structure = CommunityStructure(
        place=place,
        name=name,
        slug=fields.pop("slug", None) or _unique_slug(place, name),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in fields.items() if k in STRUCTURE_FIELDS},
    )
    full_clean(structure)
    structure.save()
    audit_record(
        place=place,
        actor=actor,
        action="boards.structure.create",
        target=structure,
        changes={"name": name, "groups_by": structure.groups_by},
    )
    return structure


@transaction.atomic
def structure_update(*, place, actor, structure, **fields):
    structure = CommunityStructure.objects.for_place(place).select_for_update().get(pk=structure.pk)
    before = {k: getattr(structure, k) for k in STRUCTURE_FIELDS}
    for key, value in fields.items():
        if key in STRUCTURE_FIELDS:
            setattr(structure, key, value)
    full_clean(structure)
    structure.save()
    changes = {
        k: [before[k], getattr(structure, k)]
        for k in STRUCTURE_FIELDS
        if before[k] != getattr(structure, k)
    }
    audit_record(
        place=place,
        actor=actor,
        action="boards.structure.update",
        target=structure,
        changes=changes,
    )
    return structure


def structure_group_add(*, place, actor, structure, name, **fields):
    """A group of the structure: a community board whose meetings are public when the
    structure's groups meet in public."""
    fields.pop("kind", None)
    fields.pop("structure", None)
    return board_create(
        place=place,
        actor=actor,
        name=name,
        kind=BoardKind.COMMUNITY_BOARD,
        structure=structure,
        **fields,
    )
