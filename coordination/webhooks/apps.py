from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "coordination.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from django.db.models.signals import post_save
        from django.utils.module_loading import autodiscover_modules

        from coordination.audit.models import AuditEntry

        from .services import queue_for_audit_entry

        # Every app's events.py names the changes partners may subscribe to.
        autodiscover_modules("events")
        post_save.connect(
            queue_for_audit_entry, sender=AuditEntry, dispatch_uid="webhooks.audit_entry"
        )
