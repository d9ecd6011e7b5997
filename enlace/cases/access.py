"""The need-to-know rule for cases: the ONE place that decides who sees which case.

A user sees a case when their role may work cases AND at least one of:
  1. they are a member of the case's team (EME);
  2. they are on the case's participants list;
  3. they supervise the case's lead unit;
  4. an active, unexpired sharing gives the case to one of their institutions.
Everyone else, including administrators, auditors and the M&E committee, sees nothing,
and gets the same 404 as for a case that does not exist.

Sharings carry a scope: ``full`` or ``summary`` (no persons). Rules 1–3 give full access.
"""

from __future__ import annotations

from enum import IntEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Case, CaseSharing


class Access(IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2


def _active_sharings(actor, *, scope: str | None = None) -> QuerySet[CaseSharing]:
    today = timezone.localdate()
    qs = CaseSharing.objects.filter(institution_id__in=actor.institution_ids, is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return qs.filter(scope=scope) if scope else qs


def _full_q(actor) -> Q:
    q = Q(team__memberships__user=actor) | Q(participants__user=actor)
    if actor.supervised_unit_ids:
        q |= Q(lead_unit_id__in=actor.supervised_unit_ids)
    return q


def visible_cases(actor, *, full_only: bool = False) -> QuerySet[Case]:
    """All cases the actor may see (any scope, or only full access), without duplicates."""
    if actor is None or not actor.is_authenticated or not actor.can_work_cases:
        return Case.objects.none()
    # Each branch as its own EXISTS keeps the query a semi-join (no DISTINCT over joins),
    # which stays fast with 100,000 cases on SQLite and PostgreSQL.
    from enlace.accounts.models import TeamMember

    from .models import CaseParticipant

    cond = Exists(TeamMember.objects.filter(team_id=OuterRef("team_id"), user=actor)) | Exists(
        CaseParticipant.objects.filter(case_id=OuterRef("pk"), user=actor)
    )
    if actor.supervised_unit_ids:
        cond |= Q(lead_unit_id__in=actor.supervised_unit_ids)
    if actor.institution_ids:
        sharings = _active_sharings(actor, scope="full" if full_only else None)
        cond |= Exists(sharings.filter(case_id=OuterRef("pk")))
    return Case.objects.filter(cond)


def case_access(actor, case: Case) -> Access:
    if actor is None or not actor.is_authenticated or not actor.can_work_cases:
        return Access.NONE
    if Case.objects.filter(pk=case.pk).filter(_full_q(actor)).exists():
        return Access.FULL
    sharings = _active_sharings(actor).filter(case_id=case.pk)
    if sharings.filter(scope="full").exists():
        return Access.FULL
    if sharings.exists():
        return Access.SUMMARY
    return Access.NONE
