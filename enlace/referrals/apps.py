from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "enlace.referrals"
    label = "referrals"

    def ready(self) -> None:
        from enlace.screening import hooks as screening_hooks

        from . import screening_handlers as handlers

        screening_hooks.screening_handed_over.register(handlers.on_screening_handed_over)
        screening_hooks.screening_converted.register(handlers.on_screening_converted)
        screening_hooks.result_context.register(handlers.screening_result_context)
