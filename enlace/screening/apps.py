from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "enlace.screening"
    label = "screening"

    def ready(self) -> None:
        """The officer who recorded a screening sees its names (persons' identity gate, below us)."""
        from enlace.persons.identity import register_identity_grant

        from .selectors import recorded_by_screener

        register_identity_grant("screening.recorded_by", recorded_by_screener)
