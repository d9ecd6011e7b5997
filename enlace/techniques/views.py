"""Special techniques pages of a case: the authorisations naming the reader, one with its
renewals, and the forms to record, renew and confirm one.

Thin: the compartment (named members with full access, the same 404 for everyone else) is in the
selectors and services. Nothing here is reachable from the case page except one link, shown to
everyone with full access whether or not an authorisation exists.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import can_write_case
from enlace.core.errors import Conflict
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.core.idempotency import offer_form_token, one_submission
from enlace.persons.identity import person_labels

from . import selectors, services
from .forms import AuthorisationForm, ConfirmForm, RenewForm


def _form(request: AuthenticatedRequest, case, data=None) -> AuthorisationForm:
    persons = list(selectors.target_candidates(actor=request.user, case=case))
    labels = person_labels(actor=request.user, persons=[cp.person for cp in persons], reveals=session_reveals(request))
    members = selectors.member_candidates(actor=request.user, case=case).exclude(pk=request.user.pk)
    return AuthorisationForm(data, members=members, persons=persons, labels=labels, prefix="auth")


@login_required
@domain_errors
def authorisation_list(request: AuthenticatedRequest, case_id: UUID, *, form: AuthorisationForm | None = None, status: int = 200):
    offer_form_token(request)
    case, rows = selectors.authorisation_list(actor=request.user, case_id=case_id)
    return render(request, "techniques/authorisation_list.html", {
        "case": case, "rows": [(a, a.status(renewed=bool(a.renewal_ids))) for a in rows],  # type: ignore[attr-defined]
        "form": form or _form(request, case), "can_write": can_write_case(actor=request.user, case=case),
    }, status=status)


@login_required
@domain_errors
@require_POST
@one_submission
def authorisation_create(request: AuthenticatedRequest, case_id: UUID):
    case = selectors.technique_case(actor=request.user, case_id=case_id)
    form = _form(request, case, request.POST)
    if form.is_valid():
        try:
            auth = services.authorisation_create(actor=request.user, case_id=case.public_id, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Authorisation recorded. Only the members named on it can see it."))
            return redirect("techniques:detail", authorisation_id=auth.public_id)
    return authorisation_list(request, case_id, form=form, status=400)


@login_required
@domain_errors
def authorisation_detail(request: AuthenticatedRequest, authorisation_id: UUID, *, renew_form: RenewForm | None = None,
                         confirm_form: ConfirmForm | None = None, status: int = 200):
    auth = selectors.authorisation_get(actor=request.user, authorisation_id=authorisation_id)
    renewals = selectors.renewals_of(auth)
    return render(request, "techniques/authorisation_detail.html", {
        "case": auth.case, "auth": auth, "status": auth.status(renewed=bool(renewals)), "renewals": renewals,
        "targets": selectors.authorisation_targets(actor=request.user, auth=auth, reveals=session_reveals(request)),
        "members": selectors.authorisation_members(auth),
        "can_write": can_write_case(actor=request.user, case=auth.case),
        "renew_form": renew_form or RenewForm(prefix="rn"),
        "confirm_form": confirm_form or ConfirmForm(prefix="cf", initial={"version": auth.version}),
    }, status=status)


@login_required
@domain_errors
@require_POST
def authorisation_renew(request: AuthenticatedRequest, authorisation_id: UUID):
    auth = selectors.authorisation_get(actor=request.user, authorisation_id=authorisation_id, audit=False)
    form = RenewForm(request.POST, prefix="rn")
    if form.is_valid():
        try:
            renewal = services.authorisation_renew(actor=request.user, authorisation_id=auth.public_id, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Renewal recorded."))
            return redirect("techniques:detail", authorisation_id=renewal.public_id)
    return authorisation_detail(request, auth.public_id, renew_form=form, status=400)


@login_required
@domain_errors
@require_POST
def authorisation_confirm(request: AuthenticatedRequest, authorisation_id: UUID):
    auth = selectors.authorisation_get(actor=request.user, authorisation_id=authorisation_id, audit=False)
    form = ConfirmForm(request.POST, prefix="cf")
    if form.is_valid():
        try:
            services.authorisation_confirm(actor=request.user, authorisation_id=auth.public_id, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The judge's confirmation is recorded."))
            return redirect("techniques:detail", authorisation_id=auth.public_id)
    return authorisation_detail(request, auth.public_id, confirm_form=form, status=400)
