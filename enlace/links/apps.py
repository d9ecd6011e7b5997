from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "enlace.links"
    label = "links"

    def ready(self) -> None:
        """Register the checks and signal receivers, and index on the lower apps' extension points.

        Imports here, not at the top: Django imports ``apps.py`` before the models are ready.
        """
        from enlace.cases.hooks import (
            case_assets_changed,
            case_page_links,
            case_person_added,
            person_added_url,
        )
        from enlace.core.surfaces import register_home_panel, register_nav_entry
        from enlace.persons.hooks import person_saved

        from . import checks, signals  # noqa: F401  (registers the checks and the receivers)
        from .hits_on_add import notify_team_of_hits, person_added_page
        from .selectors_home import home_new_hits, home_person_search
        from .services import index_case, index_person
        from .views_case_merge import case_merge_link

        person_saved.register(index_person)  # called as index_person(person=...)
        case_assets_changed.register(index_case)  # called as index_case(case=...)
        register_nav_entry("links", url_name="links:review", label=_("Links"),
                           visible=lambda user: user.can_work_cases, order=40)
        register_home_panel("links.new_hits", template="links/home/new_hits.html", context=home_new_hits,
                            visible=lambda user: user.can_create_cases, order=120)
        register_home_panel("links.person_search", template="links/home/person_search.html",
                            context=home_person_search, visible=lambda user: user.can_work_cases, order=90)
        case_person_added.register(notify_team_of_hits)
        case_page_links.register(case_merge_link)
        person_added_url.register(person_added_page)
