from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "coordination.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
