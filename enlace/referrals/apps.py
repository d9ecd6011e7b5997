from django.apps import AppConfig

from enlace.core.jobs import register_schedule


class ReferralsConfig(AppConfig):
    name = "enlace.referrals"
    label = "referrals"

    def ready(self) -> None:
        # Early morning in the workspace time zone, so the notifications wait on home pages at 8.
        register_schedule("referrals.remind", "enlace.referrals.jobs.remind", daily_at="07:00")
