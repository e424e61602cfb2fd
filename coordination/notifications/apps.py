"""In-app notifications, the email outbox, preferences, reminders and digests."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_schedules_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    if "django_celery_beat_periodictask" not in tables:
        return  # beat's tables are not there (yet): nothing to sync
    from .schedules import sync_schedules

    sync_schedules(using=using)


class NotificationsConfig(AppConfig):
    name = "coordination.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        post_migrate.connect(
            _sync_schedules_after_migrate, sender=self, dispatch_uid="notifications.sync_schedules"
        )
