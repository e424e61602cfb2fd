from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "coordination.notifications"
    label = "notifications"
    verbose_name = "Notifications"
