from django.apps import AppConfig


class ProsecutionConfig(AppConfig):
    name = "enlace.prosecution"
    label = "prosecution"

    def ready(self) -> None:
        # Django requires the import here: the case page learns of the evidence link through its hook.
        from enlace.cases.hooks import case_page_links, case_report_sections

        from .links import evidence_link
        from .report import evidence_section

        case_page_links.register(evidence_link)
        case_report_sections.register(evidence_section)
