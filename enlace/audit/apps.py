from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "enlace.audit"
    label = "audit"

    def ready(self) -> None:
        from enlace.core.checks import KEY_PROVIDERS

        from .keyring import read_material

        KEY_PROVIDERS["audit keys"] = read_material  # check --deploy: missing or weak audit key
