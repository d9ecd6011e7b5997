from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "enlace.reports"
    label = "reports"

    def ready(self) -> None:
        # Django requires the import here: the case page learns of the report link through its hook.
        from enlace.cases.hooks import case_page_links

        from .links import report_link

        case_page_links.register(report_link)
