"""An area's outline on the map: set from an uploaded GeoJSON file (or a GeoJSON value), replaced,
or removed, each audited. What an outline may be is AreaOutline.clean's (mapping/geometry.py), so
the Django admin and the demo are held to the same rule."""

from django.db import transaction
from django.utils.translation import gettext as _

from coordination.audit.services import audit_record
from coordination.errors import RuleViolation, full_clean

from .. import geometry
from ..models import AreaOutline


def outline_from_upload(upload):
    """The GeoJSON value of an uploaded file; a RuleViolation on ``file`` if it cannot be read."""
    try:
        return geometry.read_upload(upload)
    except geometry.Refused as exc:
        raise RuleViolation({"file": exc.messages}) from None


@transaction.atomic
def outline_set(*, place, actor, area, geojson, field="geojson", source=""):
    """Give an area of this place its outline, or replace the one it has."""
    if area.place_id != place.pk:
        raise RuleViolation({"area": _("Choose an area of this place.")})
    outline = AreaOutline.objects.for_place(place).select_for_update().filter(area=area).first()
    replaced = outline is not None
    if outline is None:
        outline = AreaOutline(place=place, area=area)
    outline.geojson = geojson
    try:
        full_clean(outline)
    except RuleViolation as exc:
        if field != "geojson" and hasattr(exc, "error_dict") and "geojson" in exc.error_dict:
            raise RuleViolation({field: exc.error_dict["geojson"]}) from None
        raise
    outline.save()
    audit_record(
        place=place,
        actor=actor,
        action="mapping.area_outline.replace" if replaced else "mapping.area_outline.create",
        target=outline,
        changes={
            "area": area.name,
            "points": geometry.points_in(outline.geojson),
            **({"file": source[:200]} if source else {}),
        },
    )
    return outline


def outline_upload(*, place, actor, area, upload):
    """outline_set from an uploaded GeoJSON file; problems are RuleViolations on ``file``."""
    return outline_set(
        place=place,
        actor=actor,
        area=area,
        geojson=outline_from_upload(upload),
        field="file",
        source=getattr(upload, "name", ""),
    )


@transaction.atomic
def outline_remove(*, place, actor, area):
    """Take an area's outline off the map (the area itself stays)."""
    outline = AreaOutline.objects.for_place(place).filter(area=area).first()
    if outline is None:
        raise RuleViolation(_("%(area)s has no outline to remove.") % {"area": area.name})
    audit_record(
        place=place,
        actor=actor,
        action="mapping.area_outline.remove",
        target=outline,
        changes={"area": area.name},
    )
    outline.delete()
