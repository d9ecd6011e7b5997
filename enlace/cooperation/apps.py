from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enlace.core.jobs import register_schedule


class CooperationConfig(AppConfig):
    name = "enlace.cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        """Enforce the agreements on every disclosure and every read of a sharing; give liaisons
        their home page; schedule the lapse of agreements and the escalation of requests."""
        from enlace.cases.hooks import case_page_links
        from enlace.cases.sharing_rules import register_sharing_condition
        from enlace.core.disclosure import register_disclosure_policy
        from enlace.core.surfaces import register_home_page, register_home_panel, register_nav_entry
        from enlace.links.hooks import hit_request_answerers, hit_request_sent

        from .hit_requests import route_hit_request
        from .indicators import register as register_indicators
        from .links import jit_link, mla_link, notice_link
        from .policy import agreement_policy, sharing_in_force
        from .routing import hit_answerer_q
        from .selectors import home_notices, is_liaison, may_cooperate
        from .selectors_plans import may_review_plans
        from .views import liaison_home

        register_indicators()  # on the committee's dashboard, through core.indicators
        register_disclosure_policy(agreement_policy)
        hit_request_sent.register(route_hit_request)
        hit_request_answerers.register(hit_answerer_q)  # the liaison it is routed to opens it
        for link in (mla_link, notice_link, jit_link):
            case_page_links.register(link)
        register_sharing_condition("cooperation.agreement_in_force", sharing_in_force)
        register_nav_entry("cooperation", url_name="cooperation:home", label=_("Cooperation"),
                           visible=lambda user: may_cooperate(user), order=45)
        register_nav_entry("cooperation.review", url_name="cooperation:plans_review", label=_("Joint plans review"),
                           visible=lambda user: may_review_plans(user), order=46)
        register_home_page("cooperation.liaison", view=liaison_home, applies=lambda user: is_liaison(user),
                           priority=20)
        register_home_panel("cooperation.notices", template="cooperation/includes/notices.html",
                            context=home_notices, visible=lambda user: may_cooperate(user), order=15, wide=True)
        # Just after midnight: an agreement that expired yesterday ends its sharings (access already
        # stopped when it lapsed); early morning: overdue requests escalate, due ones are recalled.
        register_schedule("cooperation.agreements_lapse", "enlace.cooperation.jobs.agreements_lapse", daily_at="00:20")
        register_schedule("cooperation.requests_escalate", "enlace.cooperation.jobs.requests_escalate",
                          daily_at="06:45")
        # MLA deadlines, plan milestones and teams expiring: recalled before the working day.
        register_schedule("cooperation.international_deadlines", "enlace.cooperation.jobs_intl.deadlines",
                          daily_at="06:50")
