"""Case list, opening and editing a case, and its status. Thin: selectors read, services write.

Every case URL answers 404 for a case the user may not see, exactly as for one that does
not exist (``case_get`` raises NotFound, ``domain_errors`` turns it into the 404 page).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.errors import Conflict, Forbidden
from enlace.core.http import domain_errors, form_errors_from

from .forms import CaseFilterForm, CaseForm, StatusForm
from .selectors import (
    CaseFilters,
    can_write_case,
    case_filter_choices,
    case_form_choices,
    case_get,
    case_list_page,
)
from .services import CaseChanges, case_create, case_status_change, case_update
from .views_detail import labels
from .vocabulary import ExploitationForm

PAGE_SIZE = 50
RESULTS_TARGET = "case-results"


def is_partial(request: HttpRequest, target: str) -> bool:
    """An htmx request (plain or boosted link) that asked for one region of the page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and htmx.target == target


@login_required
@domain_errors
def case_list_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.can_work_cases:
        raise Forbidden
    choices = case_filter_choices(actor=user)
    form = CaseFilterForm(request.GET or None, teams=choices["teams"], countries=choices["countries"])
    filters = form.filters() if form.is_bound else None
    page = case_list_page(actor=user, filters=filters, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    for case in page.object_list:
        case.form_labels = labels(ExploitationForm, case.forms_of_exploitation)
    ctx = {"form": form, "page_obj": page, "filtered": bool(filters and any(vars(filters).values())),
           "active_filters": sum(1 for k, v in vars(filters or CaseFilters()).items() if k != "q" and v not in ("", None)),
           "results_target": RESULTS_TARGET}
    template = "cases/_results.html" if is_partial(request, RESULTS_TARGET) else "cases/list.html"
    response = render(request, template, ctx)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its field names mapped to the form's."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


def _form_values(form: CaseForm) -> dict:
    d = form.cleaned_data
    return {"title": d["title"], "summary": d["summary"], "lead_unit": d["lead_unit"], "team": d["team"],
            "forms_of_exploitation": d["forms_of_exploitation"], "labour_sectors": d["labour_sectors"],
            "tags": d["tags"], "reported_on": d["reported_on"]}


def _confirmed(form: CaseForm) -> bool:
    return bool(form.cleaned_data.get("confirm_unlikely"))


@login_required
@domain_errors
def case_create_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.can_create_cases:
        raise Forbidden
    choices = case_form_choices(actor=user)
    unit = next((m.unit for m in user.active_memberships if m.unit_id), None)
    form = CaseForm(request.POST or None, choices=choices, initial={"lead_unit": unit})
    if request.method == "POST" and form.is_valid():
        if (earlier := idempotency.first_result(request)) is not None:
            messages.info(request, _("This form was already sent: the case was opened once."))
            return redirect(earlier or "cases:list")
        try:
            case = case_create(actor=user, lead_institution=form.cleaned_data["lead_institution"],
                               reference_number=form.cleaned_data["reference_number"],
                               confirm_unlikely=_confirmed(form), **_form_values(form))
        except ValidationError as exc:
            idempotency.release(request)
            form_errors_from(form, renamed(exc, {"number": "reference_number"}))
        else:
            messages.success(request, _("The case was opened."))
            url = reverse("cases:detail", kwargs={"case_id": case.public_id})
            idempotency.remember(request, url)
            return redirect(url)
    return render(request, "cases/form.html", {"form": form, "case": None,
                                               "form_token": idempotency.token_for(request)})


@login_required
@domain_errors
def case_edit_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    user = request.user
    case, access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    choices = case_form_choices(actor=user, case=case)
    initial = {"title": case.title, "summary": case.summary, "lead_unit": case.lead_unit, "team": case.team,
               "forms_of_exploitation": case.forms_of_exploitation, "labour_sectors": case.labour_sectors,
               "tags": ", ".join(case.tags), "reported_on": case.reported_on, "version": case.version}
    form = CaseForm(request.POST or None, choices=choices, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_update(actor=user, case=case, expected_version=form.cleaned_data["version"],
                        changes=CaseChanges.from_mapping(_form_values(form)), confirm_unlikely=_confirmed(form))
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", case_id=case.public_id)
    return render(request, "cases/form.html", {"form": form, "case": case})


@login_required
@domain_errors
def case_status_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    user = request.user
    case, access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    form = StatusForm(request.POST or None, current=case.status, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_status_change(actor=user, case=case, expected_version=form.cleaned_data["version"],
                               to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"])
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(reverse("cases:detail", args=[case.public_id]) + "?tab=timeline")
    return render(request, "cases/status.html", {"form": form, "case": case})
