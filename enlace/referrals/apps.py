from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enlace.core.jobs import register_schedule


class ReferralsConfig(AppConfig):
    name = "enlace.referrals"
    label = "referrals"

    def ready(self) -> None:
        """Take part in the screening's writes and page, and tell the identity gate (persons,
        below us) what a referral's consent discloses."""
        from enlace.accounts import hooks as account_hooks
        from enlace.core.surfaces import register_home_panel, register_nav_entry
        from enlace.persons.identity import register_disclosure
        from enlace.screening import hooks as screening_hooks

        from . import grant_handlers
        from . import screening_handlers as handlers
        from .selectors import consent_disclosure, home_notifications
        from .selectors_home import home_incoming

        screening_hooks.screening_handed_over.register(handlers.on_screening_handed_over)
        screening_hooks.screening_converted.register(handlers.on_screening_converted)
        screening_hooks.result_context.register(handlers.screening_result_context)
        register_disclosure("referrals.consent", consent_disclosure)
        account_hooks.grant_requested.register(grant_handlers.on_grant_requested)
        account_hooks.grant_decided.register(grant_handlers.on_grant_decided)
        account_hooks.break_glass_used.register(grant_handlers.on_break_glass)
        register_nav_entry("referrals", url_name="referrals:home", label=_("Referrals"),
                           visible=lambda user: user.can_screen or user.can_work_cases, order=30)
        register_home_panel("referrals.notifications", template="referrals/includes/notifications.html",
                            context=home_notifications, visible=lambda user: True, order=10, wide=True)
        register_home_panel("referrals.incoming", template="referrals/includes/home_incoming.html",
                            context=home_incoming, visible=lambda user: True, order=20)
        # Early morning in the workspace time zone, so the notifications wait on home pages at 8.
        register_schedule("referrals.remind", "enlace.referrals.jobs.remind", daily_at="07:00")
