from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coordination.places"
    label = "places"
    verbose_name = "Places"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        from .models import Place
        from .selectors import forget_places

        post_save.connect(forget_places, sender=Place, dispatch_uid="forget_places_saved")
        post_delete.connect(forget_places, sender=Place, dispatch_uid="forget_places_deleted")

        # Every app's opendata.py lists the open datasets it publishes for a place.
        autodiscover_modules("opendata")
