"""The access level of one actor on one case, derived from the need-to-know rule.

The rule itself is written once, beside the model: ``Case.objects.visible_to(actor)``
(``enlace/cases/models.py``). This module only asks it about one case, and remembers the
answer for the rest of the request (a case page asks for it in every tab and selector), so no
caller ever passes an access level around.
"""

from __future__ import annotations

from enum import IntEnum

from django.db.models import QuerySet

from enlace.accounts.models import User
from enlace.core.batching import id_chunks
from enlace.core.memo import request_memo, request_memo_each
from enlace.persons.models import PROTECTED_ROLES

from .models import Case, CasePerson, may_work_cases


class Access(IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2


def visible_cases(actor: User, *, full_only: bool = False, among: list[int] | set[int] | None = None) -> QuerySet[Case]:
    """``Case.objects.visible_to``, under its historical name (benchmarks and scripts use it)."""
    return Case.objects.visible_to(actor, full=full_only, among=among)


def fully_visible_case_ids(actor: User, case_ids: set[int]) -> set[int]:
    """Which of these cases the actor fully sees: ``Case.objects.visible_to(full=True)`` asked
    about these ids only, each answer remembered for the request. A case page asks about its own
    case in the view, the matches panel and the transnational flag, then about the other cases
    of its persons and matches (overlapping sets): each case is looked up once."""
    if not may_work_cases(actor):
        return set()
    return request_memo_each(("case_full", actor.pk), case_ids, lambda ids: _full_among(actor, ids))


def _full_among(actor: User, ids: set[int]) -> set[int]:
    out: set[int] = set()
    for chunk in id_chunks(ids):
        out |= set(Case.objects.visible_to(actor, full=True, among=chunk).values_list("pk", flat=True))
    return out


def _compute_access(actor: User, case_id: int) -> Access:
    if case_id in fully_visible_case_ids(actor, {case_id}):
        return Access.FULL
    if Case.objects.visible_to(actor, among=[case_id]).exists():
        return Access.SUMMARY
    return Access.NONE


def case_access(actor: User, case: Case) -> Access:
    """NONE, SUMMARY or FULL: the rule of ``Case.objects.visible_to`` for this one case."""
    if not may_work_cases(actor):
        return Access.NONE
    return request_memo(("case_access", actor.pk, case.pk), lambda: _compute_access(actor, case.pk))


def case_access_of(actor: User, case: Case | None) -> Access:
    """``case_access``, asked about a missing case as well (id 0, never a row): the answer is
    NONE, but after the same queries as for an existing case the actor may not see. A lookup by
    public id then costs the same whether the id is missing or forbidden (no enumeration by time)."""
    if not may_work_cases(actor):
        return Access.NONE
    if case is None:
        _compute_access(actor, 0)
        return Access.NONE
    return case_access(actor, case)


def has_full_access(actor: User, case: Case) -> bool:
    return case_access(actor, case) >= Access.FULL


def persons_in_visible_cases(actor: User, among=None):
    """Person ids in the cases the actor FULLY sees (a summary sharing shows no persons).

    Registered as a reason to see persons (``persons.access``) by ``CasesConfig.ready``.
    """
    if among is None:
        return CasePerson.objects.filter(case__in=Case.objects.visible_to(actor, full=True)).values("person_id")
    # A page asking about a few persons: the rule is asked about their cases only (``among``),
    # not about every case the actor sees (tens of thousands for a supervisor).
    rows = CasePerson.objects.filter(person_id__in=among)
    cases = Case.objects.visible_to(actor, full=True, among=rows.values("case_id"))
    return rows.filter(case__in=cases).values("person_id")


def protected_among(ids: set[int]) -> set[int]:
    """Victims, witnesses and reporting persons (in any case) are shown by pseudonym. A person in
    no case at all is protected too: nothing says otherwise."""
    roles: dict[int, set[str]] = {pid: set() for pid in ids}
    for pid, role in CasePerson.objects.filter(person_id__in=ids).values_list("person_id", "role"):
        roles[pid].add(role)
    return {pid for pid, rs in roles.items() if not rs or rs & PROTECTED_ROLES}
