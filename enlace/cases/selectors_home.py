"""What a supervisor's home page shows: the units' workload, overdue tasks, cases gone quiet.

Every read is limited to the cases the units the actor supervises lead (the need-to-know rule
gives a supervisor exactly those, rule 3 of ``Case.objects.visible_to``), and only counts and
titles leave this module: no person, no note text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from enlace.accounts.models import Unit, User

from .models import Case, CaseEvent, CaseNote, CaseTask
from .vocabulary import CaseStatus

# Statuses in which a case is no longer worked: it is not part of the workload.
RESTING = (CaseStatus.CLOSED, CaseStatus.ARCHIVED)


def quiet_days() -> int:
    """After how many days without a note, an event, a task or a change a case counts as quiet."""
    return int(getattr(settings, "ENLACE_QUIET_CASE_DAYS", 30))


def _unit_cases(actor: User) -> QuerySet[Case]:
    """Open cases led by the units the actor supervises (and which the rule lets them see)."""
    if not actor.supervised_unit_ids:
        return Case.objects.none()
    return (Case.objects.visible_to(actor, full=True).filter(lead_unit_id__in=actor.supervised_unit_ids)
            .exclude(status__in=RESTING))


@dataclass
class UnitLoad:
    unit: Unit
    open_cases: int
    open_tasks: int
    overdue_tasks: int


def unit_workload(*, actor: User) -> list[UnitLoad]:
    """Per supervised unit: its open cases, their open tasks and how many of those are overdue."""
    cases = _unit_cases(actor)
    today = timezone.localdate()
    case_counts = dict(cases.values("lead_unit_id").annotate(n=Count("id")).values_list("lead_unit_id", "n"))
    tasks = (CaseTask.objects.filter(case__in=cases.values("pk"), done_at__isnull=True)
             .values("case__lead_unit_id")
             .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today))))
    task_counts = {row["case__lead_unit_id"]: (row["n"], row["late"]) for row in tasks}
    units = Unit.objects.filter(pk__in=actor.supervised_unit_ids).select_related("institution").order_by("name")
    return [UnitLoad(unit=u, open_cases=case_counts.get(u.pk, 0), open_tasks=task_counts.get(u.pk, (0, 0))[0],
                     overdue_tasks=task_counts.get(u.pk, (0, 0))[1]) for u in units]


def unit_overdue_tasks(*, actor: User, limit: int = 20) -> list[CaseTask]:
    """Open tasks past their due date in the units' cases, the oldest first."""
    tasks = (CaseTask.objects.filter(case__in=_unit_cases(actor).values("pk"), done_at__isnull=True,
                                     due_on__lt=timezone.localdate())
             .select_related("case", "assignee").order_by("due_on", "id")[:limit])
    out = list(tasks)
    for task in out:
        task.is_overdue = True
    return out


def _latest(model: type[CaseNote] | type[CaseEvent] | type[CaseTask], field: str) -> Subquery:
    return Subquery(model._default_manager.filter(case_id=OuterRef("pk")).order_by(f"-{field}").values(field)[:1],
                    output_field=DateTimeField())


def quiet_cases(*, actor: User, days: int | None = None, limit: int = 20) -> list[Case]:
    """The units' open cases with no change, note, event or task for ``days`` days, the quietest first.

    Each case carries ``last_activity`` (the latest of those moments).
    """
    days = quiet_days() if days is None else days
    since = timezone.now() - dt.timedelta(days=days)
    updated = F("updated_at")
    qs = _unit_cases(actor).annotate(last_activity=Greatest(
        updated,
        Coalesce(_latest(CaseNote, "created_at"), updated),
        Coalesce(_latest(CaseEvent, "created_at"), updated),
        Coalesce(_latest(CaseTask, "created_at"), updated),
        Coalesce(_latest(CaseTask, "done_at"), updated),
    )).filter(last_activity__lt=since)
    return list(qs.select_related("lead_unit").order_by("last_activity", "id")[:limit])


def home_unit_workload(actor: User) -> dict[str, Any] | None:
    """The supervisor's "workload" panel, or ``None`` for who supervises no unit."""
    return {"units": unit_workload(actor=actor)} if actor.supervised_unit_ids else None


def home_overdue_tasks(actor: User) -> dict[str, Any] | None:
    return {"tasks": unit_overdue_tasks(actor=actor)} if actor.supervised_unit_ids else None


def home_quiet_cases(actor: User) -> dict[str, Any] | None:
    if not actor.supervised_unit_ids:
        return None
    return {"cases": quiet_cases(actor=actor), "days": quiet_days()}
