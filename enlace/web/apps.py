from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "enlace.web"
    label = "web"
