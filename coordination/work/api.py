"""My work in the API: what waits on the signed-in person in a place, as the page shows it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from coordination.api.permissions import PlacePermission
from coordination.notifications.api import OWN, PersonNotPartnerKey

from . import selectors


class WorkItemSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    link = serializers.CharField(source="url", read_only=True, help_text="Where the person acts.")
    due = serializers.DateField(source="due_date", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)
    status = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)


class WorkSectionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    audience = serializers.CharField(read_only=True)
    empty = serializers.CharField(
        read_only=True, help_text="What will appear here, for an empty section."
    )
    failed = serializers.BooleanField(
        read_only=True, help_text="The section could not be read just now."
    )
    items = WorkItemSerializer(many=True, source="entries", read_only=True)


class MyWorkSerializer(serializers.Serializer):
    items = serializers.IntegerField(read_only=True)
    overdue = serializers.IntegerField(read_only=True)
    sections = WorkSectionSerializer(many=True, read_only=True)


class MyWorkView(GenericAPIView):
    """Everything waiting on the signed-in person here: overdue first, then by due date."""

    serializer_class = MyWorkSerializer
    permission_classes = [PersonNotPartnerKey, PlacePermission]
    place_actions = {"get": OWN}
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=MyWorkSerializer)
    def get(self, request, *args, **kwargs):
        sections = selectors.my_work(request.place, request.user)
        data = {**selectors.totals(sections), "sections": sections}
        return Response(MyWorkSerializer(data).data)
