from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "coordination.statements"
    label = "statements"
    verbose_name = "Statements"
