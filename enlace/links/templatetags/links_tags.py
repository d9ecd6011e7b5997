"""Panels other apps' pages include: ``{% load links_tags %}`` then
``{% person_matches_panel person %}`` on the person page and ``{% case_matches_panel case %}``
on the case page. They read the user and the session's identity reveals from ``request``.
"""

from __future__ import annotations

from django import template

from enlace.core.http import session_reveals

from ..selectors import case_hits, cluster_ids, full_case_ids, person_hits
from ..selectors_pages import requests_asked_count
from ..transnational import transnational

register = template.Library()


@register.inclusion_tag("links/_person_panel.html", takes_context=True)
def person_matches_panel(context, person):
    request = context["request"]
    hits = person_hits(actor=request.user, person=person, reveals=session_reveals(request))
    return {"request": request, "person": person, "hits": hits, "merged_into": person.merged_into_id,
            "has_merged": len(cluster_ids(person)) > 1, "asked": requests_asked_count(actor=request.user, person=person)}


@register.inclusion_tag("links/_case_panel.html", takes_context=True)
def case_matches_panel(context, case):
    request = context["request"]
    if not full_case_ids(actor=request.user, case_ids={case.pk}):
        return {"hidden_panel": True}  # summary-only access: no persons, so no matches to show
    reveals = session_reveals(request)
    groups = case_hits(actor=request.user, case=case, reveals=reveals)
    flags = transnational(actor=request.user, reveals=reveals, focus_case_id=case.pk).entities if groups else []
    return {"request": request, "case": case, "groups": groups, "flags": flags,
            "any_hits": any(g.count for g in groups)}
