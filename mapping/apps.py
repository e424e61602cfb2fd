from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = "Mapping"

    def ready(self):
        from coordination.organisations.selectors import register_communities_for_place

        from .selectors import communities_for_place

        # Communities one place added stay out of every other place's forms, API and pages.
        register_communities_for_place(communities_for_place)
