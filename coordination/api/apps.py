from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coordination.api"
    label = "api"
    verbose_name = "API"
