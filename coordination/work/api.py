"""My work in the API: what waits on the signed-in person in a place, as the page shows it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from coordination.api.permissions import PlacePermission
from coordination.notifications.api import OWN, PersonNotPartnerKey

from . import selectors


class WorkItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    due = serializers.DateField(source="due_date", allow_null=True)
    overdue = serializers.BooleanField()
    status = serializers.CharField()
    detail = serializers.CharField()


class WorkSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    audience = serializers.CharField()
    empty = serializers.CharField(help_text="What will appear here, for an empty section.")
    failed = serializers.BooleanField(help_text="The section could not be read just now.")
    items = WorkItemSerializer(many=True, source="entries")


class MyWorkSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    overdue = serializers.IntegerField()
    sections = WorkSectionSerializer(many=True)


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
