"""Reads of cases. Every function takes the acting user; access is decided in ``access.py``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from enlace.audit.services import audit_record
from enlace.core.errors import NotFound

from .access import Access, case_access, visible_cases
from .models import Case, CasePerson, CaseTask


@dataclass
class CaseFilters:
    q: str = ""
    status: str = ""
    form: str = ""
    transnational: bool | None = None
    team_id: int | None = None
    subdivision: str = ""


def case_list(*, actor, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = visible_cases(actor)
    if f.q:
        for term in f.q.split()[:6]:
            qs = qs.filter(search_text__icontains=term.lower())
    if f.status:
        qs = qs.filter(status=f.status)
    if f.form:
        qs = qs.filter(forms_of_exploitation__icontains=f'"{f.form}"')
    if f.transnational is not None:
        qs = qs.filter(is_transnational=f.transnational)
    if f.team_id:
        qs = qs.filter(team_id=f.team_id)
    if f.subdivision:
        qs = qs.filter(Q(places__subdivision=f.subdivision) | Q(lead_unit__subdivision=f.subdivision)).distinct()
    return qs.select_related("lead_institution", "lead_unit", "team").order_by("-updated_at", "-id")


def case_get(*, actor, case_id: int, audit: bool = True) -> tuple[Case, Access]:
    """The case and the actor's access level; NotFound when missing OR not visible."""
    case = Case.objects.select_related("lead_institution", "lead_unit", "team").filter(pk=case_id).first()
    if case is None:
        raise NotFound
    access = case_access(actor, case)
    if access == Access.NONE:
        raise NotFound
    if audit:
        audit_record(actor=actor, action="case.read", obj=case, case_id=case.pk)
    return case, access


def case_persons(*, actor, case: Case, access: Access) -> QuerySet[CasePerson]:
    if access < Access.FULL:
        return CasePerson.objects.none()
    return CasePerson.objects.filter(case=case).select_related("person").order_by("added_at", "id")


def task_list_for_user(*, actor, open_only: bool = True) -> QuerySet[CaseTask]:
    qs = CaseTask.objects.filter(case__in=visible_cases(actor)).filter(Q(assignee=actor) | Q(assignee__isnull=True))
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.select_related("case").order_by("due_on", "id")


def overdue(task: CaseTask) -> bool:
    return bool(task.due_on and not task.done_at and task.due_on < timezone.localdate())
