from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "coordination.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Every app's events.py names the changes partners may subscribe to.
        autodiscover_modules("events")
