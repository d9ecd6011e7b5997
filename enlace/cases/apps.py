from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "enlace.cases"
    label = "cases"
