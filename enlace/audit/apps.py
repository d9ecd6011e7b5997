from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "enlace.audit"
    label = "audit"

    def ready(self) -> None:
        from enlace.core.checks import KEY_PROVIDERS
        from enlace.core.surfaces import register_nav_entry

        from .keyring import read_material

        KEY_PROVIDERS["audit keys"] = read_material  # check --deploy: missing or weak audit key
        register_nav_entry("audit", url_name="audit:list", label=_("Audit"),
                           visible=lambda user: user.is_auditor, order=80)
