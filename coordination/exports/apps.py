from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "coordination.exports"
    label = "exports"
    verbose_name = "Open data files"
