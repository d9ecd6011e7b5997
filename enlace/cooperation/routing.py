"""Who receives a request: the institution's liaison for the department, else its national liaison.

The same posts decide who may open a hit/no-hit follow-up (:func:`hit_answerer_q`): a request is
routed to a liaison and that liaison answers it, by one rule kept here.
"""

from __future__ import annotations

from django.db.models import Q

from enlace.accounts.models import Institution, User
from enlace.cases.models import Case
from enlace.links.models import InformationRequest as HitRequest

from .models import Liaison


def case_subdivision(case: Case | None) -> str:
    """The department a case belongs to: its lead unit's, else its team's."""
    if case is None:
        return ""
    if case.lead_unit_id and case.lead_unit and case.lead_unit.subdivision:
        return case.lead_unit.subdivision
    return case.team.subdivision if case.team_id and case.team else ""


def national_liaison(institution: Institution) -> User | None:
    post = (Liaison.objects.filter(institution=institution, subdivision="", is_active=True, user__is_active=True)
            .select_related("user").order_by("id").first())
    return post.user if post else None


def route(institution: Institution, subdivision: str) -> User | None:
    """The liaison of the institution for this department, or its national liaison."""
    if subdivision:
        post = (Liaison.objects.filter(institution=institution, subdivision=subdivision, is_active=True,
                                       user__is_active=True).select_related("user").order_by("id").first())
        if post is not None:
            return post.user
    return national_liaison(institution)


def hit_subdivision(request: HitRequest) -> str:
    """The department of a hit follow-up: the holding unit's (an institution-wide holder has none)."""
    return request.to_unit.subdivision if request.to_unit_id and request.to_unit else ""


def hit_answerer_q(*, actor: User) -> Q | None:
    """The hit follow-ups the actor's liaison posts answer: the institution's, nationally; those
    held in the post's department, for a departmental liaison (registered on
    ``links.hooks.hit_request_answerers``)."""
    q: Q | None = None
    for institution_id, subdivision in Liaison.objects.filter(user=actor, is_active=True).values_list(
            "institution_id", "subdivision"):
        post = Q(to_institution_id=institution_id)
        if subdivision:
            post &= Q(to_unit__subdivision=subdivision)
        q = post if q is None else q | post
    return q
