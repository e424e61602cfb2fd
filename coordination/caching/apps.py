from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "coordination.caching"
    label = "caching"
    verbose_name = "Public page cache"

    def ready(self):
        # Listed last in INSTALLED_APPS, so PlacesConfig.ready() has already imported every app's
        # registration.py: the registry of how each model finds its place is full.
        from .signals import connect_receivers

        connect_receivers()
