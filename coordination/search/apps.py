from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "coordination.search"
    label = "search"
    verbose_name = "Search"
