"""Creating and changing places and their areas, audited."""

from django.db import transaction
from django.utils.text import slugify

from coordination.audit.services import audit_record

from .models import Area, Place


@transaction.atomic
def place_create(*, actor=None, name, slug=None, **fields):
    place = Place(name=name, slug=slug or slugify(name), **fields)
    place.full_clean()
    place.save()
    audit_record(
        place=place,
        actor=actor,
        action="places.place.create",
        target=place,
        changes={"name": place.name, "slug": place.slug, **fields},
    )
    return place


@transaction.atomic
def area_create(*, place, actor=None, name, kind, slug=None, gss_code="", parent=None):
    area = Area(
        place=place,
        name=name,
        slug=slug or slugify(name),
        kind=kind,
        gss_code=gss_code,
        parent=parent,
    )
    area.full_clean()
    area.save()
    audit_record(
        place=place,
        actor=actor,
        action="places.area.create",
        target=area,
        changes={"name": name, "kind": kind, "gss_code": gss_code},
    )
    return area
