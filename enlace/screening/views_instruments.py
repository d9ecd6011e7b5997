"""Administrator pages for the indicator lists: see every version, add a national variant, switch
which ones new screenings use. No code change is needed to adapt a list to a country."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import User
from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, form_errors_from

from . import services
from .forms import InstrumentVariantForm
from .models import InstrumentVersion
from .selectors import instrument_versions


def _require_admin(user: User) -> None:
    if not user.is_sysadmin:
        raise PermissionDenied


@login_required
@domain_errors
def instrument_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_admin(request.user)
    return render(request, "screening/instruments.html", {"versions": instrument_versions()})


@login_required
@domain_errors
def instrument_add(request: AuthenticatedRequest) -> HttpResponse:
    _require_admin(request.user)
    form = InstrumentVariantForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.instrument_variant_add(actor=request.user, data=form.cleaned_data["parsed"],
                                                  activate=form.cleaned_data["activate"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(key)s version %(version)s was added.") % {"key": row.key, "version": row.version})
            return redirect("screening:instruments")
    return render(request, "screening/instrument_add.html", {"form": form})


@login_required
@domain_errors
@require_POST
def instrument_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    row = get_object_or_404(InstrumentVersion, pk=pk)
    services.instrument_set_active(actor=request.user, instrument_version=row,
                                   active=request.POST.get("active") == "1")
    return redirect("screening:instruments")
