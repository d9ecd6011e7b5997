from django.apps import AppConfig

from enlace.core.jobs import register_schedule


class CasesConfig(AppConfig):
    name = "enlace.cases"
    label = "cases"

    def ready(self) -> None:
        # Just after midnight in the workspace time zone: a sharing valid until yesterday ends.
        register_schedule("cases.expire_sharings", "enlace.cases.jobs.expire_sharings", daily_at="00:10")
