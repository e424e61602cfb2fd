"""API shapes for webhook subscriptions and their deliveries."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coordination.api.serializers import ModelSerializer, Serializer
from coordination.audit.names import current_name

from .models import WebhookDelivery, WebhookSubscription
from .registry import known_events


class SubscriptionSerializer(ModelSerializer):
    events = serializers.ListField(
        child=serializers.CharField(max_length=80),
        allow_empty=False,
        help_text="Event names, from GET .../webhooks/events/.",
    )
    paused = serializers.SerializerMethodField()

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "name",
            "url",
            "events",
            "paused",
            "pause_reason",
            "consecutive_failures",
            "created_at",
        ]
        read_only_fields = ["pause_reason", "consecutive_failures", "created_at"]

    def get_paused(self, obj) -> bool:
        return obj.paused_at is not None

    def validate_events(self, value):
        # A partner written against the earlier names is understood; the subscription stores today's.
        value = sorted({current_name(e) for e in value})
        unknown = [e for e in value if e not in known_events()]
        if unknown:
            raise serializers.ValidationError(
                _("There is no event called %(event)s.") % {"event": unknown[0]}
            )
        return value


class NewSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret. Returned only in this response: keep it."
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class DeliverySerializer(ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_id",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields


class EventSerializer(Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
