"""What every change to a place's map checks and records: links that stay inside the place,
validation after postcodes are normalised, and the before/after shape of the audit entries."""

from django.utils.translation import gettext as _

from coordination import errors
from coordination.errors import RuleViolation
from coordination.vocabularies.models import Theme
from coordination.vocabularies.selectors import communities_for_place

from ..models import normalise_postcode


def check_in_place(place, *, themes=None, communities=None, areas=None, area=None, theme=None):
    """Linked vocabulary and areas must be this place's: otherwise a field-level rule violation."""
    problems = {}
    if themes is not None or theme is not None:
        allowed = set(Theme.objects.for_place(place).values_list("pk", flat=True))
        chosen = list(themes or []) + ([theme] if theme is not None else [])
        if any(t.pk not in allowed for t in chosen):
            problems["theme" if theme is not None else "themes"] = _(
                "Choose themes used in this place."
            )
    if communities is not None:
        allowed = set(communities_for_place(place).values_list("pk", flat=True))
        if any(c.pk not in allowed for c in communities):
            problems["communities"] = _("Choose communities used in this place.")
    if areas is not None and any(a.place_id != place.id for a in areas):
        problems["areas"] = _("Choose areas of this place.")
    if area is not None and area.place_id != place.id:
        problems["area"] = _("Choose an area of this place.")
    if problems:
        raise RuleViolation(problems)


def normalise(obj):
    """Write a postcode the way the map stores it (upper case, one space), so "sm51aa" is valid."""
    if getattr(obj, "postcode", ""):
        obj.postcode = normalise_postcode(obj.postcode)


def full_clean(obj):
    """Normalise what can be, then validate; a broken rule is a RuleViolation by field."""
    normalise(obj)
    errors.full_clean(obj)


def signed_in(actor):
    """The person to record as a row's author: nobody for the demo seeder or an anonymous call."""
    return actor if getattr(actor, "is_authenticated", False) else None


def changed_fields(before, obj, fields):
    return {k: [before[k], getattr(obj, k)] for k in fields if before.get(k) != getattr(obj, k)}


def sorted_names(objects):
    return sorted(str(o) for o in objects)
