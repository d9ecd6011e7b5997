from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "enlace.persons"
    label = "persons"

    def ready(self) -> None:
        """Persons appear in the audit log by pseudonym."""
        from enlace.audit.labels import KINDS, register_object_finder, register_object_labeler

        from .audit_labels import PERSON_FINDER, person_names

        register_object_labeler("persons.person", kind=KINDS["persons.person"], names=person_names)
        register_object_finder(PERSON_FINDER)

