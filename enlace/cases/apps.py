from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enlace.core.jobs import register_schedule


class CasesConfig(AppConfig):
    name = "enlace.cases"
    label = "cases"

    def ready(self) -> None:
        """Tell the persons layer (below) which persons a case gives a reason to see, and who is protected."""
        from enlace.audit.labels import KINDS, register_object_finder, register_object_labeler
        from enlace.core.surfaces import register_home_panel, register_nav_entry
        from enlace.persons.access import register_person_visibility
        from enlace.persons.identity import register_protection_rule

        from . import grant_kinds
        from .access import persons_in_visible_cases, protected_among
        from .audit_labels import CASE_FINDER, case_names
        from .selectors import home_my_cases, home_my_tasks
        from .selectors_home import home_overdue_tasks, home_quiet_cases, home_unit_workload

        register_object_labeler("cases.case", kind=KINDS["cases.case"], names=case_names)
        register_object_finder(CASE_FINDER)

        register_person_visibility("cases", persons_in_visible_cases)
        register_protection_rule(protected_among)
        grant_kinds.register()
        # Just after midnight in the workspace time zone: a sharing valid until yesterday ends.
        works_cases = _can_work_cases
        register_nav_entry("cases", url_name="cases:list", label=_("Cases"), visible=works_cases, order=10)
        register_home_panel("cases.my_cases", template="cases/home/my_cases.html", context=home_my_cases,
                            visible=works_cases, order=100)
        register_home_panel("cases.my_tasks", template="cases/home/my_tasks.html", context=home_my_tasks,
                            visible=works_cases, order=110)
        supervises = _supervises
        register_home_panel("cases.unit_workload", template="cases/home/unit_workload.html",
                            context=home_unit_workload, visible=supervises, order=50)
        register_home_panel("cases.overdue_tasks", template="cases/home/overdue_tasks.html",
                            context=home_overdue_tasks, visible=supervises, order=60)
        register_home_panel("cases.quiet_cases", template="cases/home/quiet_cases.html",
                            context=home_quiet_cases, visible=supervises, order=70)
        register_schedule("cases.expire_sharings", "enlace.cases.jobs.expire_sharings", daily_at="00:10")
        # Break-glass access lasts hours: checked at read time, and removed within a quarter of an hour.
        register_schedule("cases.expire_participants", "enlace.cases.jobs.expire_participants", every_minutes=15)


def _can_work_cases(user: object) -> bool:
    return bool(getattr(user, "can_work_cases", False))


def _supervises(user: object) -> bool:
    return bool(getattr(user, "supervised_unit_ids", None))
