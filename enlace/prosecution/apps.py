from django.apps import AppConfig

from enlace.core.jobs import register_schedule


class ProsecutionConfig(AppConfig):
    name = "enlace.prosecution"
    label = "prosecution"

    def ready(self) -> None:
        """Links on the case page, the evidence, elements and proceedings sections of the case file report, the prosecutor's
        home page, the supervisor's workload panel and the daily alerts before a procedural time
        limit runs out."""
        # Django requires the imports here: the app registry is ready only now.
        from enlace.cases.hooks import case_page_links, case_report_sections
        from enlace.core.surfaces import register_home_page, register_home_panel

        from .indicators import register as register_indicators
        from .links import attachments_link, elements_link, evidence_link, proceedings_link
        from .report import evidence_section
        from .report_proceedings import elements_section, proceedings_section
        from .selectors_proceedings import is_prosecutor, unit_workload
        from .views_proceedings import home

        case_page_links.register(evidence_link)
        case_page_links.register(proceedings_link)
        case_page_links.register(elements_link)
        case_page_links.register(attachments_link)
        case_report_sections.register(evidence_section)
        case_report_sections.register(elements_section)
        case_report_sections.register(proceedings_section)
        register_home_page("prosecution", view=home, priority=20, applies=is_prosecutor)
        register_home_panel("prosecution.workload", template="prosecution/includes/workload.html",
                            context=unit_workload, visible=lambda user: bool(user.supervised_unit_ids), order=40)
        register_indicators()  # on the committee's dashboard, through core.indicators
        register_schedule("prosecution.deadlines", "enlace.prosecution.jobs.deadline_alerts", daily_at="06:45")
