from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "coordination.ops"
    label = "ops"
    verbose_name = "Operations"
