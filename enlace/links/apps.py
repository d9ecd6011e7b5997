from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "enlace.links"
    label = "links"
