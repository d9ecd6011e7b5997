from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "enlace.screening"
    label = "screening"

    def ready(self) -> None:
        """The officer who recorded a screening sees its names (persons' identity gate, below us)."""
        from enlace.audit.labels import KINDS, register_object_finder, register_object_labeler
        from enlace.core.surfaces import register_home_panel, register_nav_entry
        from enlace.persons.identity import register_identity_grant

        from .audit_labels import SCREENING_FINDER, screening_names

        register_object_labeler("screening.screening", kind=KINDS["screening.screening"], names=screening_names)
        register_object_finder(SCREENING_FINDER)


        from .selectors import home_recent_results, home_screening, recorded_by_screener

        register_identity_grant("screening.recorded_by", recorded_by_screener)
        register_nav_entry("screening", url_name="screening:list", label=_("Screening"),
                           visible=lambda user: user.can_screen, order=20)
        # Whoever screens without working case files (frontline screeners, service providers):
        # the home page starts with the next screening.
        register_home_panel("screening.start", template="screening/home/start.html", context=home_screening,
                            visible=_screens_in_the_field, order=30)
        register_home_panel("screening.recent", template="screening/home/recent.html", context=home_recent_results,
                            visible=_screens_in_the_field, order=40)


def _screens_in_the_field(user: object) -> bool:
    return bool(getattr(user, "can_screen", False)) and not getattr(user, "can_work_cases", False)
