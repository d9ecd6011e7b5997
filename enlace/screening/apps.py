from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "enlace.screening"
    label = "screening"
