from django.apps import AppConfig

from enlace.core.jobs import register_schedule


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
        # Just after midnight in the workspace time zone: a sharing valid until yesterday ends.
        register_schedule("cases.expire_sharings", "enlace.cases.jobs.expire_sharings", daily_at="00:10")
