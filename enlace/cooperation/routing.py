"""Who receives a request: the institution's liaison for the department, else its national liaison."""

from __future__ import annotations

from enlace.accounts.models import Institution, User
from enlace.cases.models import Case

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
