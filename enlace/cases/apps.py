from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "enlace.cases"
    label = "cases"

    def ready(self) -> None:
        """Tell the persons layer (below) which persons a case gives a reason to see, and who is protected."""
        from enlace.persons.access import register_person_visibility
        from enlace.persons.identity import register_protection_rule

        from .access import persons_in_visible_cases, protected_among

        register_person_visibility("cases", persons_in_visible_cases)
        register_protection_rule(protected_among)
