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

        # Every app plugs into the core from its registration.py (webhook events, removals,
        # reminders, digest sections, open datasets, ...). Django calls ready() once every app and
        # model is loaded, in each process that sets Django up: web, Celery worker and beat,
        # management commands and tests alike.
        autodiscover_modules("registration")
