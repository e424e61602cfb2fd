"""What the boards viewsets share: public reads, and the answer for what a person may not see."""

from rest_framework import mixins, serializers, viewsets

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

READ = {"list": PUBLIC, "retrieve": PUBLIC}


class ReadOnlyPlaceViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "int"
    place_actions = READ


def unknown(field, pk):
    """The answer for an object the person may not see: the same as for one that does not exist."""
    return serializers.ValidationError({field: [f'Invalid pk "{pk}" - object does not exist.']})
