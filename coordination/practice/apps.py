from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "coordination.practice"
    label = "practice"
    verbose_name = "What worked"
