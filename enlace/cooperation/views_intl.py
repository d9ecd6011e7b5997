"""International cooperation pages: MLA requests, INTERPOL notices, joint investigation teams.
Thin: who sees what lives in ``selectors_intl``, the rules in ``services_intl``."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.models import Case
from enlace.cases.selectors import case_get, case_persons
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.core.idempotency import one_submission
from enlace.core.public_ids import parse_public_id
from enlace.geo.selectors import country_name

from . import selectors, selectors_intl, services_intl
from .forms_intl import (
    CaseLinkForm,
    JitExtendForm,
    JitForm,
    MlaForm,
    MoveMlaForm,
    NoticeForm,
    NoticeStatusForm,
)
from .vocabulary_intl import MLA_MOVES, MlaStatus


def _require(request: AuthenticatedRequest) -> None:
    if not selectors.may_cooperate(request.user):
        raise Forbidden


def _case_from_query(request: AuthenticatedRequest) -> Case | None:
    case_id = parse_public_id(request.GET.get("case", ""))
    return case_get(actor=request.user, case_id=case_id, audit=False)[0] if case_id else None


def _form_page(request: AuthenticatedRequest, form: object, title: str, case: Case | None = None,
               multipart: bool = False) -> HttpResponse:
    return render(request, "cooperation/form.html", {"form": form, "title": title, "case": case,
                                                     "multipart": multipart})


@login_required
@domain_errors
def international(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    actor = request.user
    return render(request, "cooperation/international.html", {
        "mlas": selectors_intl.mla_list(actor=actor)[:200], "notices": selectors_intl.notice_list(actor=actor)[:200],
        "jits": selectors_intl.jit_list(actor=actor)[:200]})


@login_required
@domain_errors
@one_submission
def mla_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    case = _case_from_query(request)
    form = MlaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mla = services_intl.mla_create(actor=request.user, data=services_intl.MlaInput(
                **form.cleaned_data, cases=[case] if case else []))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("cooperation:mla_detail", pk=mla.public_id)
    return _form_page(request, form, _("New mutual legal assistance request"), case)


@login_required
@domain_errors
def mla_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    mla = selectors_intl.mla_get(actor=request.user, mla_id=pk)
    moves = [(s, MlaStatus(s).label) for s in MlaStatus.values if s in MLA_MOVES.get(mla.status, ())]
    return render(request, "cooperation/mla_detail.html", {
        "mla": mla, "country": country_name(mla.counterpart_country), "events": selectors_intl.mla_events(mla=mla),
        "cases": selectors_intl.linked_cases(actor=request.user, obj=mla),
        "move_form": MoveMlaForm(choices=moves, initial={"version": mla.version}) if moves else None,
        "case_form": CaseLinkForm(actor=request.user), "link_url": reverse("cooperation:intl_case_add", args=["mla", mla.public_id])})


def post_form(request: AuthenticatedRequest, form: forms.Form, act: Callable[[dict], object]) -> None:
    """Run a POSTed form's action; the outcome (or what stopped it) as a message."""
    if not form.is_valid():
        said = [str(m) for errors in form.errors.values() for m in errors if m != forms.Field.default_error_messages["required"]]
        messages.error(request, " ".join(said) or _("Check the form: something is missing."))
        return
    try:
        act(form.cleaned_data)
    except (ValidationError, Conflict) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.message))
    else:
        messages.success(request, _("Saved."))


@login_required
@domain_errors
@require_POST
def mla_move(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    mla = selectors_intl.mla_get(actor=request.user, mla_id=pk)
    post_form(request, MoveMlaForm(request.POST, choices=[(s, s) for s in MlaStatus.values]),
              lambda d: services_intl.mla_move(actor=request.user, mla=mla, expected_version=d["version"],
                                               status=d["status"], on=d["on"], note=d["note"]))
    return redirect("cooperation:mla_detail", pk=pk)


@login_required
@domain_errors
@one_submission
def notice_create(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case = case_get(actor=request.user, case_id=case_id)[0]
    form = NoticeForm(request.POST or None, subjects=case_persons(actor=request.user, case=case))
    if request.method == "POST" and form.is_valid():
        try:
            notice = services_intl.notice_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The notice was recorded."))
            return redirect("cooperation:notice_detail", pk=notice.public_id)
    return _form_page(request, form, _("New INTERPOL notice or diffusion"), case)


@login_required
@domain_errors
def notice_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    notice = selectors_intl.notice_get(actor=request.user, notice_id=pk)
    return render(request, "cooperation/notice_detail.html", {
        "notice": notice, "subject": selectors_intl.notice_subject(actor=request.user, notice=notice,
                                                                   reveals=session_reveals(request)),
        "cases": selectors_intl.linked_cases(actor=request.user, obj=notice),
        "form": NoticeStatusForm(initial={"version": notice.version})})


@login_required
@domain_errors
@require_POST
def notice_status(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    notice = selectors_intl.notice_get(actor=request.user, notice_id=pk)
    post_form(request, NoticeStatusForm(request.POST), lambda d: services_intl.notice_set_status(
        actor=request.user, notice=notice, expected_version=d["version"], status=d["status"], on=d["on"],
        interpol_reference=d["interpol_reference"]))
    return redirect("cooperation:notice_detail", pk=pk)


@login_required
@domain_errors
@one_submission
def jit_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    case = _case_from_query(request)
    form = JitForm(request.POST or None, agreements=selectors.agreement_list(actor=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            jit = services_intl.jit_create(actor=request.user, data=services_intl.JitInput(
                title=d["title"], legal_basis=d["legal_basis"], agreement=d["agreement"], purpose=d["purpose"],
                applicable_law=d["applicable_law"], evidence_terms=d["evidence_terms"], starts_on=d["starts_on"],
                expires_on=d["expires_on"], parties=[services_intl.PartyInput(*p) for p in form.parties()],
                members=form.member_rows(), cases=[case] if case else []))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The joint investigation team was recorded."))
            return redirect("cooperation:jit_detail", pk=jit.public_id)
    return _form_page(request, form, _("New joint investigation team"), case)


@login_required
@domain_errors
def jit_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    jit = selectors_intl.jit_get(actor=request.user, jit_id=pk)
    parts = selectors_intl.jit_parts(jit=jit)
    return render(request, "cooperation/jit_detail.html", {
        "jit": jit, "parties": [(country_name(p.country), p) for p in parts["parties"]],
        "members": [(country_name(m.country), m) for m in parts["members"]],
        "extensions": parts["extensions"], "cases": selectors_intl.linked_cases(actor=request.user, obj=jit),
        "form": JitExtendForm(initial={"version": jit.version}),
        "case_form": CaseLinkForm(actor=request.user), "link_url": reverse("cooperation:intl_case_add", args=["teams", jit.public_id])})


@login_required
@domain_errors
@require_POST
def jit_extend(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    jit = selectors_intl.jit_get(actor=request.user, jit_id=pk)
    post_form(request, JitExtendForm(request.POST), lambda d: services_intl.jit_extend(
        actor=request.user, jit=jit, expected_version=d["version"], new_expiry=d["new_expiry"],
        agreed_on=d["agreed_on"]))
    return redirect("cooperation:jit_detail", pk=pk)


@login_required
@domain_errors
@require_POST
def intl_case_add(request: AuthenticatedRequest, kind: str, pk: UUID) -> HttpResponse:
    """Link a case the actor edits to an MLA request or a joint team."""
    if kind not in ("mla", "teams"):
        raise NotFound
    obj = (selectors_intl.mla_get(actor=request.user, mla_id=pk) if kind == "mla"
           else selectors_intl.jit_get(actor=request.user, jit_id=pk))
    post_form(request, CaseLinkForm(request.POST, actor=request.user), lambda d: services_intl.intl_link_case(
        actor=request.user, obj=obj, case=case_get(actor=request.user, case_id=d["case"], audit=False)[0]))
    return redirect("cooperation:mla_detail" if kind == "mla" else "cooperation:jit_detail", pk=pk)
