from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "enlace.screening"
    label = "screening"

    def ready(self) -> None:
        """The officer who recorded a screening sees its names (persons' identity gate, below us)."""
        from enlace.core.surfaces import register_nav_entry
        from enlace.persons.identity import register_identity_grant

        from .selectors import recorded_by_screener

        register_identity_grant("screening.recorded_by", recorded_by_screener)
        register_nav_entry("screening", url_name="screening:list", label=_("Screening"),
                           visible=lambda user: user.can_screen, order=20)
