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

from django.db.models import Q, QuerySet
from django.utils import timezone

from enlace.accounts.models import TeamMember, User

from .models import Case, CaseParticipant, CaseSharing


class Access(IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2


def _active_sharings(actor: User, *, scope: str | None = None) -> QuerySet[CaseSharing]:
    today = timezone.localdate()
    qs = CaseSharing.objects.filter(institution_id__in=actor.institution_ids, is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return qs.filter(scope=scope) if scope else qs


def _full_q(actor: User) -> Q:
    q = Q(team__memberships__user=actor) | Q(participants__user=actor)
    if actor.supervised_unit_ids:
        q |= Q(lead_unit_id__in=actor.supervised_unit_ids)
    return q


def visible_cases(actor: User, *, full_only: bool = False, among: list[int] | set[int] | None = None) -> QuerySet[Case]:
    """All cases the actor may see (any scope, or only full access), without duplicates.

    ``among``: only these case ids (a page checking a few cases). The rule is the same; the
    sharing branch is narrowed to those ids too, so PostgreSQL does not hash every sharing of a
    liaison's institution (tens of thousands) to answer for three cases.
    """
    if actor is None or not actor.is_authenticated or not actor.can_work_cases:
        return Case.objects.none()
    # Each branch is a non-correlated ``IN (subquery)``: a semi-join without DISTINCT over
    # joins, evaluated once per query (not once per case row). With 100,000 cases a
    # correlated EXISTS per branch cost a full scan per list page, and for a user whose
    # institution has many sharings SQLite probed the sharings by institution for every
    # case (minutes per page); see docs/benchmarks.md.


    cond = Q(team_id__in=TeamMember.objects.filter(user=actor).values("team_id")) | Q(
        pk__in=CaseParticipant.objects.filter(user=actor).values("case_id")
    )
    if actor.supervised_unit_ids:
        cond |= Q(lead_unit_id__in=actor.supervised_unit_ids)
    if actor.institution_ids:
        sharings = _active_sharings(actor, scope="full" if full_only else None)
        if among is not None:
            sharings = sharings.filter(case_id__in=among)
        cond |= Q(pk__in=sharings.values("case_id"))
    cases = Case.objects.filter(cond)
    return cases if among is None else cases.filter(pk__in=among)


def case_access(actor: User, case: Case) -> Access:
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
