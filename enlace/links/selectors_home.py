"""The investigator's home panel: cases of their own where the matcher found something new.

Only counts per case of the actor's own (a case of their team, or one they were added to by name)
leave here, and only hits on persons of that case: that a record elsewhere matches one of my
persons is what the hit/no-hit rule tells me anyway; who holds it and what it says are on the
case's links page, under the same rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from enlace.accounts.models import TeamMember, User
from enlace.cases.models import Case, CaseParticipant, CasePerson

from .models import CandidateStatus, MatchCandidate

NEW_HIT_DAYS = 7


def new_hits_on_my_cases(*, actor: User, days: int = NEW_HIT_DAYS, limit: int = 10) -> list[dict[str, Any]]:
    """``[{"case": Case, "hits": n}]``: my cases with hits found in the last ``days`` days, most first."""
    mine = Case.objects.visible_to(actor, full=True).filter(
        Q(team_id__in=TeamMember.objects.filter(user=actor).values("team_id"))
        | Q(pk__in=CaseParticipant.objects.filter(user=actor).values("case_id")))
    rows = list(CasePerson.objects.filter(case__in=mine).values_list("case_id", "person_id"))
    by_person: dict[int, set[int]] = {}
    for case_id, person_id in rows:
        by_person.setdefault(person_id, set()).add(case_id)
    if not by_person:
        return []
    since = timezone.now() - dt.timedelta(days=days)
    fresh = (MatchCandidate.objects.filter(created_at__gte=since).exclude(status=CandidateStatus.REJECTED)
             .filter(Q(person_a_id__in=by_person) | Q(person_b_id__in=by_person))
             .values_list("person_a_id", "person_b_id"))
    counts: dict[int, int] = {}
    for a, b in fresh:
        for mine_id, other_id in ((a, b), (b, a)):
            for case_id in by_person.get(mine_id, ()):
                if case_id not in by_person.get(other_id, set()):  # a pair inside the case is no news
                    counts[case_id] = counts.get(case_id, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    cases = Case.objects.in_bulk([case_id for case_id, _n in top])
    return [{"case": cases[case_id], "hits": n} for case_id, n in top]


def home_new_hits(actor: User) -> dict[str, Any] | None:
    if not actor.can_create_cases:
        return None
    return {"cases": new_hits_on_my_cases(actor=actor), "days": NEW_HIT_DAYS}


def home_person_search(actor: User) -> dict[str, Any]:
    """The search box on the home page (the form posts to the person search; nothing to read here)."""
    return {}
