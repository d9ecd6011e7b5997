from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "enlace.api"
    label = "api"
