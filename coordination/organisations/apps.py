from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "coordination.organisations"
    label = "organisations"
    verbose_name = "Organisations"
