"""Reads of a place's webhooks and their delivery log."""

from django.db.models import Count, Q

from .models import DeliveryStatus, WebhookDelivery, WebhookSubscription


def subscriptions_of(place):
    return (
        WebhookSubscription.objects.for_place(place)
        .annotate(
            delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DELIVERED)),
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )
        .order_by("name", "id")
    )


def deliveries_of(place, subscription):
    return WebhookDelivery.objects.for_place(place).filter(subscription=subscription)
