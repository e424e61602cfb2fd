"""What the boards viewsets share: public reads, the answer for what a person may not see, and
the amending of a permanent record (a declaration, vote or decision)."""

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin
from coordination.api.permissions import PUBLIC

from .. import permissions

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


class AmendRecordMixin:
    """The body of a record's ``amend`` action: whoever runs the board corrects or withdraws it,
    giving a reason; the service keeps the history."""

    def amend_record(self, request, record, *, board, service, record_name, serializer_class):
        if not permissions.can_manage_board(request.user, board):
            raise PermissionDenied
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        service(
            place=self.place,
            actor=request.user,
            reason=fields.pop("reason"),
            withdraw=fields.pop("withdraw", False),
            **{record_name: record},
            **fields,
        )
        return Response(self.get_serializer(self.reread(record)).data)
