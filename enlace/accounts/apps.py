from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enlace.core.jobs import register_schedule


class AccountsConfig(AppConfig):
    name = "enlace.accounts"
    label = "accounts"

    def ready(self) -> None:
        from enlace.audit.labels import KINDS, register_object_labeler
        from enlace.core.surfaces import register_home_panel, register_nav_entry

        from . import grant_kinds
        from .audit_labels import user_names

        register_object_labeler("accounts.user", kind=KINDS["accounts.user"], names=user_names)
        from .grants import pending_count

        grant_kinds.register()
        from .selectors_home import home_administration

        register_nav_entry("admin", url_name="accounts:admin_home", label=_("Administration"),
                           visible=lambda user: user.is_sysadmin, order=90)
        register_home_panel("accounts.admin", template="accounts/home/panel.html", context=home_administration,
                            visible=lambda user: user.is_sysadmin, order=200)
        register_schedule("accounts.clear_sessions", "enlace.accounts.jobs.clear_sessions", daily_at="02:30")
        register_nav_entry("approvals", url_name="accounts:grant_list", label=_("Approvals"),
                           visible=lambda user: user.is_approver, order=85)
        register_home_panel("accounts.approvals", template="accounts/includes/approvals_panel.html",
                            context=lambda user: {"pending": n} if (n := pending_count(user)) else None,
                            visible=lambda user: user.is_approver, order=5, wide=True)
        register_schedule("accounts.expire_tokens", "enlace.accounts.jobs.expire_tokens", every_minutes=60)
        register_schedule("accounts.clear_lockouts", "enlace.accounts.jobs.clear_lockouts", every_minutes=60)
