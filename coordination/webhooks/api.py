"""API: a place's webhook subscriptions, for place admins and their partner keys (write:webhooks).

A partner system can subscribe itself: POST returns the signing secret once. Deliveries are
listed per subscription, newest first.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.mixins import PlaceScopedViewSetMixin

from . import selectors, services
from .models import WebhookSubscription
from .registry import known_events
from .serializers import (
    DeliverySerializer,
    EventSerializer,
    NewSubscriptionSerializer,
    SubscriptionSerializer,
)

MANAGE = "manage_webhooks"


class WebhookSubscriptionViewSet(
    PlaceScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    model = WebhookSubscription
    serializer_class = SubscriptionSerializer
    lookup_value_converter = "int"
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    place_actions = dict.fromkeys(
        ["list", "retrieve", "create", "destroy", "pause", "resume", "deliveries", "events"], MANAGE
    )

    def get_serializer_class(self):
        if self.action == "create":
            return NewSubscriptionSerializer
        if self.action == "deliveries":
            return DeliverySerializer
        if self.action == "events":
            return EventSerializer
        return SubscriptionSerializer

    def perform_create(self, serializer):
        serializer.instance = services.subscription_create(
            place=self.place, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.subscription_delete(
            place=self.place, actor=self.request.user, subscription=instance
        )

    @extend_schema(request=None, responses=SubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, *args, **kwargs):
        subscription = services.subscription_pause(
            place=self.place, actor=request.user, subscription=self.get_object()
        )
        return Response(SubscriptionSerializer(subscription).data)

    @extend_schema(request=None, responses=SubscriptionSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, *args, **kwargs):
        subscription = services.subscription_resume(
            place=self.place, actor=request.user, subscription=self.get_object()
        )
        return Response(SubscriptionSerializer(subscription).data, status=status.HTTP_200_OK)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        queryset = selectors.deliveries_of(self.place, self.get_object())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def events(self, request, *args, **kwargs):
        """The events a subscription can ask for."""
        data = [{"name": k, "description": str(v)} for k, v in known_events().items()]
        return Response(EventSerializer(data, many=True).data)
