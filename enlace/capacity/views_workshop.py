"""The workshop: the SWOT matrix of an assessed unit (drawn from the answers, edited, validated)
and its action plan. Thin: the rules (validated means read-only) are in the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import User
from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.errors import Conflict, NotFound
from enlace.core.http import domain_errors

from . import selectors, services
from .forms import ActionForm, ActionStatusForm, SwotItemForm
from .models import SwotItem, SwotMatrix
from .vocabulary import Quadrant


def _matrix_of(round_unit) -> SwotMatrix | None:
    return SwotMatrix.objects.filter(round_unit=round_unit).first()


def _item(actor: User, pk: int) -> SwotItem:
    item = SwotItem.objects.select_related("matrix__round_unit").filter(pk=pk).first()
    if item is None:
        raise NotFound
    selectors.matrix_get(actor=actor, matrix_id=item.matrix_id)  # the same 404 for everyone else
    return item


def _report(request: AuthenticatedRequest, fn, ok: str) -> None:
    try:
        fn()
    except (ValidationError, Conflict) as exc:
        messages.error(request, exc.message if isinstance(exc, Conflict) else " ".join(exc.messages))
    else:
        messages.success(request, ok)


@login_required
@domain_errors
def swot(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_unit = selectors.round_unit_get(actor=request.user, round_unit_id=pk)
    matrix = _matrix_of(round_unit)
    items = list(matrix.items.all()) if matrix else []
    quadrants = [(value, label, [i for i in items if i.quadrant == value]) for value, label in Quadrant.choices]
    weaknesses = matrix.items.filter(quadrant=Quadrant.WEAKNESS) if matrix else SwotItem.objects.none()
    return render(request, "capacity/swot.html", {
        "round_unit": round_unit, "matrix": matrix, "quadrants": quadrants, "item_form": SwotItemForm(),
        "result": selectors.unit_result(round_unit), "actions": selectors.action_list(actor=request.user,
                                                                                     round_unit=round_unit),
        "action_form": ActionForm(weaknesses=weaknesses), "status_form": ActionStatusForm()})


@login_required
@domain_errors
@require_POST
def swot_build(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_unit = selectors.round_unit_get(actor=request.user, round_unit_id=pk)
    _report(request, lambda: services.matrix_build(actor=request.user, round_unit=round_unit),
            _("The matrix was drawn up from the answers handed in."))
    return redirect("capacity:swot", pk=pk)


@login_required
@domain_errors
@require_POST
def swot_item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    matrix = selectors.matrix_get(actor=request.user, matrix_id=pk)
    form = SwotItemForm(request.POST)
    if form.is_valid():
        _report(request, lambda: services.swot_item_add(actor=request.user, matrix=matrix, **form.cleaned_data),
                _("Item added."))
    else:
        messages.error(request, _("Choose a quadrant and write the item."))
    return redirect("capacity:swot", pk=matrix.round_unit_id)


@login_required
@domain_errors
@require_POST
def swot_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _item(request.user, pk)
    form = SwotItemForm(request.POST)
    if form.is_valid():
        _report(request, lambda: services.swot_item_edit(actor=request.user, item=item, **form.cleaned_data),
                _("Item changed."))
    else:
        messages.error(request, _("Choose a quadrant and write the item."))
    return redirect("capacity:swot", pk=item.matrix.round_unit_id)


@login_required
@domain_errors
@require_POST
def swot_item_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _item(request.user, pk)
    _report(request, lambda: services.swot_item_remove(actor=request.user, item=item), _("Item removed."))
    return redirect("capacity:swot", pk=item.matrix.round_unit_id)


@login_required
@domain_errors
@require_POST
def swot_validate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    matrix = selectors.matrix_get(actor=request.user, matrix_id=pk)
    _report(request, lambda: services.matrix_validate(actor=request.user, matrix=matrix,
                                                      expected_version=matrix.version),
            _("The matrix was validated; it is now read-only."))
    return redirect("capacity:swot", pk=matrix.round_unit_id)


@login_required
@domain_errors
def actions(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "capacity/actions.html", {"actions": selectors.action_list(actor=request.user)})


@login_required
@domain_errors
@require_POST
def action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_unit = selectors.round_unit_get(actor=request.user, round_unit_id=pk)
    matrix = _matrix_of(round_unit)
    weaknesses = matrix.items.filter(quadrant=Quadrant.WEAKNESS) if matrix else SwotItem.objects.none()
    form = ActionForm(request.POST, weaknesses=weaknesses)
    if form.is_valid():
        _report(request, lambda: services.action_create(actor=request.user, round_unit=round_unit,
                                                        **form.cleaned_data), _("Action added to the plan."))
    else:
        messages.error(request, _("An action needs a description, an owner and a due date."))
    return redirect("capacity:swot", pk=pk)


@login_required
@domain_errors
@require_POST
def action_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(actor=request.user, action_id=pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        _report(request, lambda: services.action_set_status(actor=request.user, action=action,
                                                            status=form.cleaned_data["status"],
                                                            expected_version=form.cleaned_data["version"]),
                _("Status changed."))
    return redirect("capacity:swot", pk=action.round_unit_id)
