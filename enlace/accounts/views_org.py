"""Administration: institutions, units and teams deactivated and reactivated (never deleted, the
audit log points to them), and the pickers' server-side choices (units of the chosen institution,
accounts that may join a team). System administrators only, like the rest of the area.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest

from .models import Institution, Team, Unit
from .selectors_org import team_candidates, units_of
from .services_org import institution_set_active, team_set_active, unit_set_active
from .views_admin import sysadmin_required

MAX_OPTIONS = 200


def _report(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


@sysadmin_required
@require_POST
def institution_active(request: AuthenticatedRequest, institution_id: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=institution_id)
    active = request.POST.get("active") == "1"
    try:
        institution_set_active(actor=request.user, institution=inst, active=active)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, (_("Institution “%(name)s” reactivated.") if active else
                                   _("Institution “%(name)s” deactivated: it receives no new members or cases."))
                         % {"name": inst.name})
    return redirect("accounts:unit_list", institution_id=inst.pk)


@sysadmin_required
@require_POST
def unit_active(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("institution"), pk=unit_id)
    active = request.POST.get("active") == "1"
    try:
        unit_set_active(actor=request.user, unit=unit, active=active)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, (_("Unit “%(name)s” reactivated.") if active else
                                   _("Unit “%(name)s” deactivated: it receives no new members or cases."))
                         % {"name": unit.name})
    return redirect("accounts:unit_list", institution_id=unit.institution_id)


@sysadmin_required
@require_POST
def team_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    active = request.POST.get("active") == "1"
    team_set_active(actor=request.user, team=team, active=active)
    messages.success(request, (_("Team “%(name)s” reactivated.") if active else
                               _("Team “%(name)s” deactivated: it receives no new members or cases."))
                     % {"name": team.name})
    return redirect("accounts:team_detail", pk=team.pk)


@sysadmin_required
def unit_options(request: AuthenticatedRequest) -> HttpResponse:
    """The <option>s of the unit select for the institution just chosen (htmx)."""
    units = units_of(request.GET.get("institution", ""))
    return render(request, "accounts/admin/_options.html", {
        "options": [(u.pk, u.name) for u in units[:MAX_OPTIONS]]})


@sysadmin_required
def team_candidate_options(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The <option>s of the member picker narrowed to what was typed (htmx)."""
    team = get_object_or_404(Team, pk=pk)
    users = team_candidates(team=team, search=request.GET.get("q", "")[:100])[:MAX_OPTIONS]
    return render(request, "accounts/admin/_options.html", {
        "options": [(u.pk, f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username)
                    for u in users]})
