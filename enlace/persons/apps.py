from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "enlace.persons"
    label = "persons"
