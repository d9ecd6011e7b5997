from django.apps import AppConfig


class ProsecutionConfig(AppConfig):
    name = "enlace.prosecution"
    label = "prosecution"

    def ready(self) -> None:
        # Django requires the import here: the case page learns of the evidence link through its hook.
        from enlace.cases.hooks import case_page_links

        from .links import evidence_link

        case_page_links.register(evidence_link)
