from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coordination.places"
    label = "places"
    verbose_name = "Places"
