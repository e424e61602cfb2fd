from django.apps import AppConfig


class PickersConfig(AppConfig):
    name = "coordination.pickers"
    label = "pickers"
    verbose_name = "Pickers"
