from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "enlace.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        """The built-in indicators; the committee's menu entry and home page (supervisors get the menu
        entry); the job that precomputes the dashboard's figures."""
        from enlace.core.jobs import register_long_work, register_schedule
        from enlace.core.surfaces import register_home_page, register_nav_entry

        from .builtin import register_builtin
        from .figures import REFRESH_MINUTES
        from .selectors import can_see_dashboard
        from .views import dashboard

        register_builtin()
        register_long_work("statistical_release", "enlace.monitoring.jobs.release_run",
                           result_url="monitoring:releases")
        register_nav_entry("monitoring", url_name="monitoring:dashboard", label=_("Statistics"),
                           visible=can_see_dashboard, order=80)
        register_home_page("monitoring", view=dashboard, priority=20,
                           applies=lambda user: user.is_monitoring and not user.can_work_cases)
        # The dashboard's figures, precomputed so that its pages answer quickly on a large workspace.
        register_schedule("monitoring.figures", "enlace.monitoring.jobs.refresh_figures", every_minutes=REFRESH_MINUTES)
