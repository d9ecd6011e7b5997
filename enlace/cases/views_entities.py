"""Organisations, vehicles and bank accounts on the case page ("Entities" tab).

Adding happens on the tab (htmx swaps the tab region; without JavaScript, a redirect back);
changing one has its own page with the version the user saw; removing is a POST from the
tab. Every URL first checks the case like the case page does (404 when not visible), and
an entity that is not in that case is a 404 too.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.errors import Conflict, Forbidden
from enlace.core.http import domain_errors, form_errors_from

from .forms_entities import ENTITY_FORMS, BankAccountForm, OrganisationForm, VehicleForm
from .selectors import can_write_case, case_get, organisation_candidates
from .services_entities import (
    EDITABLE,
    ENTITY_CHANGES,
    case_bank_account_add,
    case_entity_remove,
    case_entity_update,
    case_organisation_add,
    case_vehicle_add,
    entity_in_case,
)
from .views_tabs import _done, _tab_post, tab_url

TAB = "entities"
TITLES = {"organisation": gettext_lazy("Edit organisation"), "vehicle": gettext_lazy("Edit vehicle"),
          "account": gettext_lazy("Edit bank account")}


def _country(case) -> str:
    return case.lead_institution.country


def _add_organisation(request: AuthenticatedRequest, case, d):
    if d.get("existing"):
        return case_organisation_add(actor=request.user, case=case, organisation=d["existing"])
    return case_organisation_add(actor=request.user, case=case, name=d["name"], kind=d["kind"], country=d["country"],
                                 registration_number=d["registration_number"])


@login_required
@domain_errors
def organisation_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="organisation_form", message=_("Organisation added."),
        build=lambda r, c, d: OrganisationForm(d, candidates=organisation_candidates(actor=r.user, case=c),
                                               default_country=_country(c), prefix="org"),
        save=_add_organisation,
    )


@login_required
@domain_errors
def vehicle_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="vehicle_form", message=_("Vehicle added."),
        build=lambda r, c, d: VehicleForm(d, default_country=_country(c), prefix="veh"),
        save=lambda r, c, d: case_vehicle_add(actor=r.user, case=c, **VehicleForm.values_of(d)),
    )


@login_required
@domain_errors
def account_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="account_form", message=_("Bank account added."),
        build=lambda r, c, d: BankAccountForm(d, default_country=_country(c), prefix="acc"),
        save=lambda r, c, d: case_bank_account_add(actor=r.user, case=c, **BankAccountForm.values_of(d)),
    )


@login_required
@domain_errors
def entity_edit(request: AuthenticatedRequest, case_id: UUID, kind: str, entity_id: int) -> HttpResponse:
    user = request.user
    case, access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    entity = entity_in_case(case=case, kind=kind, entity_id=entity_id)
    initial = {name: getattr(entity, name) for name in EDITABLE[kind]}
    initial["version"] = entity.version
    form = ENTITY_FORMS[kind](request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_entity_update(actor=user, case=case, kind=kind, entity_id=entity.pk,
                               expected_version=form.cleaned_data["version"],
                               changes=ENTITY_CHANGES[kind].from_mapping(form.values()))
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(tab_url(case.public_id, TAB))
    return render(request, "cases/entity_edit.html", {"case": case, "form": form, "kind": kind,
                                                      "title": TITLES[kind]})


@login_required
@domain_errors
def entity_remove(request: AuthenticatedRequest, case_id: UUID, kind: str, entity_id: int) -> HttpResponse:
    case, access = case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect(tab_url(case.public_id, TAB))
    case_entity_remove(actor=request.user, case=case, kind=kind, entity_id=entity_id)
    return _done(request, case, access, TAB, _("Removed from the case."))
