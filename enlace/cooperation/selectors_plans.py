"""Reads of joint plans and operations, each taking the acting user.

A plan or an operation is seen by the users of its participating institutions who work cases;
the cases an operation touches are shown to each of them only where the cases' access rule lets
them see the case (their agreements decide the sharings). The monitoring committee reviews the
plans' fulfilment in counts: objectives, milestones met, missed and pending, operations' results;
never a responsible person, a case or a name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.reads import audit_read
from enlace.cases.access import visible_cases
from enlace.cases.models import Case
from enlace.core.errors import NotFound

from .models_plans import JointPlan, Milestone, Operation
from .vocabulary_intl import MilestoneStatus, PlanStatus

MILESTONE_WINDOW_DAYS = 14


def may_review_plans(actor: User) -> bool:
    return Role.MONITORING in actor.roles


def plan_list(*, actor: User) -> QuerySet[JointPlan]:
    if not actor.can_work_cases:
        return JointPlan.objects.none()
    ids = JointPlan.objects.filter(institutions__in=actor.institution_ids).values("pk")
    return JointPlan.objects.filter(pk__in=ids).prefetch_related("institutions")


def plan_get(*, actor: User, plan_id: UUID) -> JointPlan:
    plan = plan_list(actor=actor).select_related("agreement").filter(public_id=plan_id).first()
    if plan is None:
        raise NotFound
    return plan


def plan_parts(plan: JointPlan) -> dict[str, Any]:
    today = timezone.localdate()
    milestones = list(plan.milestones.select_related("responsible", "objective"))
    for m in milestones:
        m.is_overdue = m.status == MilestoneStatus.PENDING and m.due_on < today  # type: ignore[attr-defined]
    return {"objectives": list(plan.objectives.select_related("institution", "responsible")),
            "milestones": milestones, "reports": list(plan.reports.select_related("author")[:20]),
            "operations": list(plan.operations.order_by("-starts_on"))}


def milestone_get(*, plan: JointPlan, milestone_id: int) -> Milestone:
    """A milestone of a plan the caller already read through :func:`plan_get`."""
    milestone = plan.milestones.filter(pk=milestone_id).select_related("plan").first()
    if milestone is None:
        raise NotFound
    return milestone


def operation_list(*, actor: User) -> QuerySet[Operation]:
    if not actor.can_work_cases:
        return Operation.objects.none()
    ids = Operation.objects.filter(institutions__in=actor.institution_ids).values("pk")
    return Operation.objects.filter(pk__in=ids).prefetch_related("institutions")


def operations_read(*, actor: User) -> QuerySet[Operation]:
    """The operations with the cases they touch (the API's list): a recorded read."""
    audit_read(actor=actor, action="cooperation.operation.list")
    return operation_list(actor=actor)


def operation_get(*, actor: User, operation_id: UUID) -> Operation:
    op = operation_list(actor=actor).select_related("plan").filter(public_id=operation_id).first()
    if op is None:
        raise NotFound
    audit_read(actor=actor, action="cooperation.operation_read", obj=op, details={"code": op.code}, lead=True)
    return op


def operation_cases(*, actor: User, operation: Operation) -> list[Case]:
    """The cases the operation touches that this participant may see; the others go unnamed."""
    ids = list(operation.cases.values_list("pk", flat=True))
    return list(visible_cases(actor, among=ids).order_by("pk")) if ids else []


def milestones_due(*, actor: User, today: dt.date | None = None) -> list[Milestone]:
    """Pending milestones of the actor's active plans due within two weeks or overdue."""
    today = today or timezone.localdate()
    plans = plan_list(actor=actor).filter(status=PlanStatus.ACTIVE).values("pk")
    return list(Milestone.objects.filter(plan__in=plans, status=MilestoneStatus.PENDING,
                                         due_on__lte=today + dt.timedelta(days=MILESTONE_WINDOW_DAYS))
                .select_related("plan").order_by("due_on")[:20])


def plans_review(*, actor: User, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The committee's review: per plan, counts only."""
    if not may_review_plans(actor):
        return []
    today = today or timezone.localdate()
    pending = Q(milestones__status=MilestoneStatus.PENDING)
    rows = (JointPlan.objects.order_by("-starts_on", "code")
            .annotate(n_objectives=Count("objectives", distinct=True),
                      n_met=Count("milestones", filter=Q(milestones__status=MilestoneStatus.MET), distinct=True),
                      n_missed=Count("milestones", filter=Q(milestones__status=MilestoneStatus.MISSED), distinct=True),
                      n_pending=Count("milestones", filter=pending, distinct=True),
                      n_overdue=Count("milestones", filter=pending & Q(milestones__due_on__lt=today), distinct=True))
            .values("code", "title", "status", "starts_on", "ends_on", "n_objectives", "n_met", "n_missed",
                    "n_pending", "n_overdue", "pk"))
    results: dict[int, dict[str, Any]] = {r["plan"]: dict(r) for r in Operation.objects.filter(plan__isnull=False).values("plan").annotate(
        operations=Count("pk"), rescued=Sum("persons_rescued"), arrested=Sum("persons_arrested"),
        inspected=Sum("places_inspected"))}
    out = []
    for row in rows:
        ops = results.get(row["pk"], {})
        out.append({**row, "operations": ops.get("operations", 0), "rescued": ops.get("rescued") or 0,
                    "arrested": ops.get("arrested") or 0, "inspected": ops.get("inspected") or 0})
    return out
