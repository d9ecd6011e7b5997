"""Writes on joint operational plans and operations: validated, audited in the same transaction.

A plan is written by the liaisons and supervisors of its institutions; a milestone is marked met or
missed by them or by its responsible person; an operation links a case only for someone with full
access to it (the cases' access rule), and records results as counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, Unit, User
from enlace.audit.services import audit_record
from enlace.cases.access import has_full_access
from enlace.cases.models import Case
from enlace.core.errors import Forbidden
from enlace.core.locking import update_versioned
from enlace.geo.selectors import is_country

from .models import Agreement
from .models_plans import JointPlan, Milestone, Operation, PlanObjective, ProgressReport
from .services import can_manage_agreements
from .vocabulary_intl import MilestoneStatus, OperationPhase


def _require_manager(actor: User, institution_ids: set[int]) -> None:
    if not can_manage_agreements(actor) or not institution_ids & actor.institution_ids:
        raise Forbidden


def may_manage_plan(actor: User, plan: JointPlan) -> bool:
    return can_manage_agreements(actor) and not actor.institution_ids.isdisjoint(_plan_institutions(plan))


def may_manage_operation(actor: User, operation: Operation) -> bool:
    return can_manage_agreements(actor) and not actor.institution_ids.isdisjoint(
        operation.institutions.values_list("pk", flat=True))


def _plan_institutions(plan: JointPlan) -> set[int]:
    return set(plan.institutions.values_list("pk", flat=True))


@transaction.atomic
def plan_create(*, actor: User, code: str, title: str, institutions: Sequence[Institution], starts_on: dt.date,
                ends_on: dt.date, agreement: Agreement | None = None) -> JointPlan:
    _require_manager(actor, {i.pk for i in institutions})
    errors: dict[str, str] = {}
    if not code.strip() or not title.strip():
        errors["title"] = _("Give the plan a reference and a title.")
    elif JointPlan.objects.filter(code=code.strip()).exists():
        errors["code"] = _("Another plan has this reference.")
    if len({i.pk for i in institutions}) < 2:
        errors["institutions"] = _("A joint plan has at least two institutions.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The plan ends after it starts.")
    if errors:
        raise ValidationError(errors)
    plan = JointPlan.objects.create(code=code.strip(), title=title.strip(), agreement=agreement, starts_on=starts_on,
                                    ends_on=ends_on, created_by=actor)
    plan.institutions.set(institutions)
    audit_record(actor=actor, action="cooperation.plan_create", obj=plan,
                 details={"code": plan.code, "institutions": sorted(i.code for i in institutions)})
    return plan


@transaction.atomic
def objective_add(*, actor: User, plan: JointPlan, text: str, institution: Institution, activities: str = "",
                  responsible: User | None = None) -> PlanObjective:
    parties = _plan_institutions(plan)
    _require_manager(actor, parties)
    if not text.strip():
        raise ValidationError({"text": _("Write the objective.")})
    if institution.pk not in parties or (responsible is not None and institution.pk not in responsible.institution_ids):
        raise ValidationError({"institution": _("The owner is an institution of the plan, the responsible one of "
                                                "its staff.")})
    objective = PlanObjective.objects.create(plan=plan, text=text.strip(), activities=activities.strip(),
                                             institution=institution, responsible=responsible)
    audit_record(actor=actor, action="cooperation.plan_objective", obj=plan, details={"code": plan.code})
    return objective


@transaction.atomic
def milestone_add(*, actor: User, plan: JointPlan, title: str, due_on: dt.date, objective: PlanObjective | None = None,
                  responsible: User | None = None) -> Milestone:
    _require_manager(actor, _plan_institutions(plan))
    if not title.strip():
        raise ValidationError({"title": _("Name the milestone.")})
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({"objective": _("The objective is of another plan.")})
    milestone = Milestone.objects.create(plan=plan, title=title.strip(), due_on=due_on, objective=objective,
                                         responsible=responsible)
    audit_record(actor=actor, action="cooperation.plan_milestone", obj=plan,
                 details={"code": plan.code, "due_on": due_on.isoformat()})
    return milestone


@transaction.atomic
def milestone_set(*, actor: User, milestone: Milestone, status: str, done_on: dt.date | None = None) -> Milestone:
    """Met (on a date, not in the future) or missed; the responsible person or a manager of the plan."""
    if milestone.responsible_id != actor.pk:
        _require_manager(actor, _plan_institutions(milestone.plan))
    if status not in (MilestoneStatus.MET, MilestoneStatus.MISSED, MilestoneStatus.PENDING):
        raise ValidationError({"status": _("Choose a status.")})
    done_on = (done_on or timezone.localdate()) if status == MilestoneStatus.MET else None
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date is in the future.")})
    Milestone.objects.filter(pk=milestone.pk).update(status=status, done_on=done_on)
    milestone.status, milestone.done_on = status, done_on
    audit_record(actor=actor, action="cooperation.plan_milestone_status", obj=milestone.plan,
                 details={"code": milestone.plan.code, "milestone": milestone.pk, "status": status})
    return milestone


@transaction.atomic
def progress_add(*, actor: User, plan: JointPlan, text: str) -> ProgressReport:
    _require_manager(actor, _plan_institutions(plan))
    if not text.strip():
        raise ValidationError({"text": _("Write the progress report.")})
    report = ProgressReport.objects.create(plan=plan, text=text.strip(), author=actor)
    audit_record(actor=actor, action="cooperation.plan_progress", obj=plan, details={"code": plan.code})
    return report


@transaction.atomic
def operation_create(*, actor: User, code: str, name: str, institutions: Sequence[Institution],
                     countries: Sequence[str], starts_on: dt.date, ends_on: dt.date | None = None,
                     units: Sequence[Unit] = (), plan: JointPlan | None = None) -> Operation:
    _require_manager(actor, {i.pk for i in institutions})
    errors: dict[str, str] = {}
    if not code.strip() or not name.strip():
        errors["name"] = _("Give the operation a reference and a name.")
    elif Operation.objects.filter(code=code.strip()).exists():
        errors["code"] = _("Another operation has this reference.")
    if not countries or not all(is_country(c) for c in countries):
        errors["countries"] = _("Choose the countries it spans.")
    if any(u.institution_id not in {i.pk for i in institutions} for u in units):
        errors["units"] = _("A unit takes part with its institution.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The operation ends after it starts.")
    if errors:
        raise ValidationError(errors)
    op = Operation.objects.create(code=code.strip(), name=name.strip(), plan=plan, countries=sorted(set(countries)),
                                  starts_on=starts_on, ends_on=ends_on, created_by=actor)
    op.institutions.set(institutions)
    op.units.set(units)
    audit_record(actor=actor, action="cooperation.operation_create", obj=op,
                 details={"code": op.code, "countries": op.countries})
    return op


@transaction.atomic
def operation_update(*, actor: User, operation: Operation, expected_version: int, phase: str, persons_rescued: int,
                     persons_arrested: int, places_inspected: int) -> Operation:
    """Move the phase and record the results (counts, never who)."""
    _require_manager(actor, set(operation.institutions.values_list("pk", flat=True)))
    if phase not in OperationPhase.values:
        raise ValidationError({"phase": _("Choose the phase.")})
    if min(persons_rescued, persons_arrested, places_inspected) < 0:
        raise ValidationError({"persons_rescued": _("Results are counts (zero or more).")})
    update_versioned(operation, expected_version=expected_version, changes={
        "phase": phase, "persons_rescued": persons_rescued, "persons_arrested": persons_arrested,
        "places_inspected": places_inspected})
    audit_record(actor=actor, action="cooperation.operation_update", obj=operation,
                 details={"code": operation.code, "phase": phase, "rescued": persons_rescued,
                          "arrested": persons_arrested, "inspected": places_inspected})
    return operation


@transaction.atomic
def operation_link_case(*, actor: User, operation: Operation, case: Case) -> None:
    """Link a case the actor fully sees; the other participants see it only if their access lets them."""
    if actor.institution_ids.isdisjoint(operation.institutions.values_list("pk", flat=True)):
        raise Forbidden
    if not has_full_access(actor, case):
        raise Forbidden
    operation.cases.add(case)
    audit_record(actor=actor, action="cooperation.operation_case", obj=operation, case_id=case.pk,
                 details={"code": operation.code})
