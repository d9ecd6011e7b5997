from django.apps import AppConfig

from enlace.core.jobs import register_schedule


class AccountsConfig(AppConfig):
    name = "enlace.accounts"
    label = "accounts"

    def ready(self) -> None:
        register_schedule("accounts.clear_sessions", "enlace.accounts.jobs.clear_sessions", daily_at="02:30")
        register_schedule("accounts.clear_lockouts", "enlace.accounts.jobs.clear_lockouts", every_minutes=60)
