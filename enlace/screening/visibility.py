"""Who may see a screening: one rule, read as a filter for lists and term by term for one id.

The rule has several ways in (the screener, the unit's supervisors, the team it was handed to,
whoever fully sees the case it became). Written as one filter, the database stops at the first
way that holds and, for an id that names nothing, asks nothing at all: a forbidden screening then
answered later than a missing one, and the difference counts the screenings of other units.
``visible_screening_pk`` asks every way in, as columns, about the named row and about a stand-in
row in the same statement, so a missing, a forbidden and a visible id make the database do the
same work.
"""

from __future__ import annotations

import operator
from functools import reduce
from uuid import UUID

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Subquery

from enlace.accounts.models import TeamMember, User
from enlace.cases.models import Case

from .models import Screening


def _ways_in(actor: User) -> list[Q]:
    """Each condition under which the actor sees a screening; empty when the role sees none."""
    if actor is None or not actor.is_authenticated or not (actor.can_screen or actor.can_work_cases):
        return []
    ways = [Q(screened_by=actor)]
    if actor.supervised_unit_ids:
        ways.append(Q(unit_id__in=actor.supervised_unit_ids))
    if actor.can_work_cases:
        ways.append(Q(handed_to_team_id__in=TeamMember.objects.filter(user=actor).values("team_id")))
        ways.append(Q(case_id__in=Case.objects.visible_to(actor, full=True).values("pk")))
    return ways


def screenings_visible(*, actor: User) -> QuerySet[Screening]:
    ways = _ways_in(actor)
    if not ways:
        return Screening.objects.none()
    return Screening.objects.filter(reduce(operator.or_, ways))


def visible_screening_pk(*, actor: User, screening_id: UUID) -> int | None:
    """The key of the screening named by ``screening_id`` when the actor may see it, else None.

    One statement for every answer: the named row (if any) and the table's first row, each with
    every way in computed as a column, so the database evaluates the whole rule on at least one
    real row whether the id is missing, forbidden or visible.
    """
    ways = _ways_in(actor)
    if not ways:
        return None
    stand_in = Screening.objects.order_by("pk").values("pk")[:1]
    columns = {f"way_{n}": ExpressionWrapper(way, output_field=BooleanField()) for n, way in enumerate(ways)}
    rows = (Screening.objects.filter(Q(public_id=screening_id) | Q(pk=Subquery(stand_in)))
            .annotate(**columns).values_list("pk", "public_id", *columns))
    for pk, public_id, *ways_held in rows:
        if public_id == screening_id and any(ways_held):
            return pk
    return None
