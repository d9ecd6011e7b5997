from django.apps import AppConfig


class TechniquesConfig(AppConfig):
    name = "enlace.techniques"
    label = "techniques"

    def ready(self) -> None:
        # Django requires the imports here: the case page and the notification line learn of
        # this app through their extension points.
        from enlace.cases.hooks import case_page_links
        from enlace.core.jobs import register_schedule
        from enlace.referrals.models import register_notification_text

        from .jobs import NOTIFICATION_KINDS
        from .links import techniques_link

        case_page_links.register(techniques_link)
        register_schedule("techniques.alerts", "enlace.techniques.jobs.technique_alerts", every_minutes=30)
        for code, text in NOTIFICATION_KINDS.values():
            register_notification_text(code, text)
