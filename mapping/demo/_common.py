"""Lookups the demo seeders share: a place's area or themes by name, what is seeded already, and
a coordinate written as the map stores it."""

from decimal import Decimal

from django.utils.text import slugify

from coordination.places.models import Area
from coordination.vocabularies.models import Theme


def area(place, name):
    return Area.objects.for_place(place).filter(slug=slugify(name)).first()


def themes(place, slugs):
    return [Theme.objects.for_place(place).get(slug=slug) for slug in slugs]


def seeded(model, place):
    """The external ids of this place's rows of a model: a demo row with one of them is skipped."""
    return set(
        model.objects.for_place(place).exclude(external_id="").values_list("external_id", flat=True)
    )


def coordinate(value):
    return None if value is None else Decimal(str(value))
