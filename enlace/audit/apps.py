from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "enlace.audit"
    label = "audit"

    def ready(self) -> None:
        from enlace.core.checks import KEY_PROVIDERS
        from enlace.core.surfaces import register_home_panel, register_nav_entry

        from .keyring import read_material
        from .selectors_home import home_audit

        KEY_PROVIDERS["audit keys"] = read_material  # check --deploy: missing or weak audit key
        register_nav_entry("audit", url_name="audit:list", label=_("Audit"),
                           visible=lambda user: user.is_auditor, order=80)
        register_home_panel("audit.home", template="audit/home/panel.html", context=home_audit,
                            visible=lambda user: user.is_auditor, order=200)
