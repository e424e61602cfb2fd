"""What the commissioning serializers share: the place-scoped querysets of their related fields."""

from coordination.vocabularies.models import Theme

from ..models import Tender


def _tenders(place):
    return Tender.objects.for_place(place)


def _themes(place):
    return Theme.objects.for_place(place)
