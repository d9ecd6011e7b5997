"""Joint operational plans and operations; the committee's review of the plans in counts.
Thin: who sees what lives in ``selectors_plans``, the rules in ``services_plans``."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import case_get
from enlace.core.errors import Forbidden, NotFound
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import one_submission
from enlace.core.public_ids import parse_public_id
from enlace.geo.selectors import country_name

from . import selectors, selectors_plans, services_plans
from .forms_intl import (
    CaseLinkForm,
    MilestoneForm,
    MilestoneStatusForm,
    ObjectiveForm,
    OperationForm,
    OperationUpdateForm,
    PlanForm,
    ProgressForm,
)
from .views_intl import post_form


def _require(request: AuthenticatedRequest) -> None:
    if not selectors.may_cooperate(request.user):
        raise Forbidden


@login_required
@domain_errors
def plans(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    return render(request, "cooperation/plans.html", {
        "plans": selectors_plans.plan_list(actor=request.user)[:200],
        "operations": selectors_plans.operation_list(actor=request.user)[:200]})


@login_required
@domain_errors
@one_submission
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    form = PlanForm(request.POST or None, institutions=selectors.institutions_active(actor=request.user),
                    agreements=selectors.agreement_list(actor=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services_plans.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The plan was recorded."))
            return redirect("cooperation:plan_detail", pk=plan.public_id)
    return render(request, "cooperation/form.html", {"form": form, "title": _("New joint operational plan")})


@login_required
@domain_errors
def plan_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    plan = selectors_plans.plan_get(actor=request.user, plan_id=pk)
    institutions = plan.institutions.all()
    return render(request, "cooperation/plan_detail.html", {
        "plan": plan, **selectors_plans.plan_parts(plan), "may_manage": services_plans.may_manage_plan(
            request.user, plan), "objective_form": ObjectiveForm(institutions=institutions),
        "milestone_form": MilestoneForm(), "progress_form": ProgressForm(), "status_form": MilestoneStatusForm()})


@login_required
@domain_errors
@require_POST
def plan_add(request: AuthenticatedRequest, pk: UUID, part: str) -> HttpResponse:
    """Add an objective, a milestone or a progress report to the plan."""
    plan = selectors_plans.plan_get(actor=request.user, plan_id=pk)
    actor = request.user
    if part not in ("objective", "milestone", "progress"):
        raise NotFound
    if part == "objective":
        post_form(request, ObjectiveForm(request.POST, institutions=plan.institutions.all()),
                  lambda d: services_plans.objective_add(actor=actor, plan=plan, **d))
    elif part == "milestone":
        post_form(request, MilestoneForm(request.POST),
                  lambda d: services_plans.milestone_add(actor=actor, plan=plan, **d))
    else:
        post_form(request, ProgressForm(request.POST), lambda d: services_plans.progress_add(actor=actor, plan=plan,
                                                                                              **d))
    return redirect("cooperation:plan_detail", pk=pk)


@login_required
@domain_errors
@require_POST
def milestone_status(request: AuthenticatedRequest, pk: UUID, milestone_id: int) -> HttpResponse:
    plan = selectors_plans.plan_get(actor=request.user, plan_id=pk)
    milestone = selectors_plans.milestone_get(plan=plan, milestone_id=milestone_id)
    post_form(request, MilestoneStatusForm(request.POST), lambda d: services_plans.milestone_set(
        actor=request.user, milestone=milestone, status=d["status"]))
    return redirect("cooperation:plan_detail", pk=pk)


@login_required
@domain_errors
@one_submission
def operation_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    plan_id = parse_public_id(request.GET.get("plan", ""))
    plan = selectors_plans.plan_get(actor=request.user, plan_id=plan_id) if plan_id else None
    form = OperationForm(request.POST or None, institutions=selectors.institutions_active(actor=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            op = services_plans.operation_create(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The operation was recorded."))
            return redirect("cooperation:operation_detail", pk=op.public_id)
    return render(request, "cooperation/form.html", {"form": form, "title": _("New operation")})


@login_required
@domain_errors
def operation_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    op = selectors_plans.operation_get(actor=request.user, operation_id=pk)
    return render(request, "cooperation/operation_detail.html", {
        "op": op, "countries": [country_name(c) for c in op.countries], "units": list(op.units.all()),
        "cases": selectors_plans.operation_cases(actor=request.user, operation=op),
        "may_manage": services_plans.may_manage_operation(request.user, op),
        "form": OperationUpdateForm(initial={"version": op.version, "phase": op.phase,
                                             "persons_rescued": op.persons_rescued,
                                             "persons_arrested": op.persons_arrested,
                                             "places_inspected": op.places_inspected}),
        "case_form": CaseLinkForm(actor=request.user)})


@login_required
@domain_errors
@require_POST
def operation_update(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    op = selectors_plans.operation_get(actor=request.user, operation_id=pk)
    post_form(request, OperationUpdateForm(request.POST), lambda d: services_plans.operation_update(
        actor=request.user, operation=op, expected_version=d["version"], phase=d["phase"],
        persons_rescued=d["persons_rescued"], persons_arrested=d["persons_arrested"],
        places_inspected=d["places_inspected"]))
    return redirect("cooperation:operation_detail", pk=pk)


@login_required
@domain_errors
@require_POST
def operation_case_add(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    op = selectors_plans.operation_get(actor=request.user, operation_id=pk)
    form = CaseLinkForm(request.POST, actor=request.user)
    post_form(request, form, lambda d: services_plans.operation_link_case(
        actor=request.user, operation=op, case=case_get(actor=request.user, case_id=d["case"], audit=False)[0]))
    return redirect("cooperation:operation_detail", pk=pk)


@login_required
@domain_errors
def plans_review(request: AuthenticatedRequest) -> HttpResponse:
    """The monitoring committee's review of the plans: counts, never a person or a case."""
    if not selectors_plans.may_review_plans(request.user):
        raise Forbidden
    return render(request, "cooperation/plans_review.html", {"rows": selectors_plans.plans_review(actor=request.user)})
