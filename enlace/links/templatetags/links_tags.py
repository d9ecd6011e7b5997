"""Panels other apps' pages include: ``{% load links_tags %}`` then
``{% person_matches_panel person %}`` on the person page and ``{% case_matches_panel case %}``
on the case page. They read the user and the session's identity reveals from ``request``.
"""

from __future__ import annotations

from django import template
from django.db.models import Q

from enlace.cases.models import CasePerson
from enlace.core.http import session_reveals

from ..models import InformationRequest
from ..selectors import case_hits, cluster_ids, full_case_ids, person_hits
from ..transnational import transnational

register = template.Library()


def _asked(person) -> int:
    """How many requests for information were sent about this record (to its holders)."""
    units = CasePerson.objects.filter(person=person).values("case__lead_unit_id")
    institutions = CasePerson.objects.filter(person=person).values("case__lead_institution_id")
    held = InformationRequest.objects.filter(Q(to_unit_id__in=units) | Q(to_institution_id__in=institutions,
                                                                         to_unit__isnull=True))
    return sum(1 for ids in held.values_list("held_person_ids", flat=True) if person.pk in ids)


@register.inclusion_tag("links/_person_panel.html", takes_context=True)
def person_matches_panel(context, person):
    request = context["request"]
    hits = person_hits(actor=request.user, person=person, reveals=session_reveals(request))
    return {"request": request, "person": person, "hits": hits, "merged_into": person.merged_into_id,
            "has_merged": len(cluster_ids(person)) > 1, "asked": _asked(person)}


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
