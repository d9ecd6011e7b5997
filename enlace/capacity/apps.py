from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "enlace.capacity"
    label = "capacity"
