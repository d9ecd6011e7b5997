from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "enlace.capacity"
    label = "capacity"

    def ready(self) -> None:
        """The capacity manager's menu entry and home page; everyone's pending questionnaires."""
        from enlace.core.surfaces import register_home_page, register_home_panel, register_nav_entry

        from .indicators import register as register_indicators
        from .selectors import home_questionnaires
        from .views import home

        register_indicators()  # on the committee's dashboard, through core.indicators
        register_nav_entry("capacity", url_name="capacity:home", label=_("Capacity"),
                           visible=lambda user: user.is_capacity_manager, order=70)
        register_home_page("capacity", view=home, priority=10,
                           applies=lambda user: user.is_capacity_manager and not user.can_work_cases)
        register_home_panel("capacity.questionnaires", template="capacity/includes/questionnaires_notice.html",
                            context=home_questionnaires, visible=lambda user: True, order=20, wide=True)
