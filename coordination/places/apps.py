from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coordination.places"
    label = "places"
    verbose_name = "Places"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Every app's opendata.py lists the open datasets it publishes for a place.
        autodiscover_modules("opendata")
