from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "enlace.links"
    label = "links"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks and the receivers)
