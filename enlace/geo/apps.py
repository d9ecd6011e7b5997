from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "enlace.geo"
    label = "geo"
