from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "enlace.links"
    label = "links"

    def ready(self) -> None:
        """Register the checks and signal receivers, and index on the lower apps' extension points.

        Imports here, not at the top: Django imports ``apps.py`` before the models are ready.
        """
        from enlace.cases.hooks import case_assets_changed
        from enlace.persons.hooks import person_saved

        from . import checks, signals  # noqa: F401  (registers the checks and the receivers)
        from .services import index_case, index_person

        person_saved.register(index_person)  # called as index_person(person=...)
        case_assets_changed.register(index_case)  # called as index_case(case=...)
