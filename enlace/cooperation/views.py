"""Cooperation pages: the liaison's workspace, agreements, the liaison directory, information
requests. Thin: access and rules live in selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import case_get
from enlace.core.disclosure import DisclosureRefused
from enlace.core.errors import Conflict, Forbidden
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import one_submission
from enlace.core.public_ids import parse_public_id
from enlace.core.storage import EncryptedFileStore
from enlace.geo.selectors import subdivision_name

from . import selectors, services, services_requests
from .forms import AgreementStatusForm, AnswerForm, MoveForm, RequestForm, WithdrawForm
from .forms_intl import AgreementForm, DocumentForm


def _require(request: AuthenticatedRequest) -> None:
    if not selectors.may_cooperate(request.user):
        raise Forbidden


@login_required
@domain_errors
def liaison_home(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    return render(request, "cooperation/home.html", selectors.workspace(actor=request.user))


@login_required
@domain_errors
def agreements(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    rows = selectors.agreement_list(actor=request.user, status=request.GET.get("status", ""))
    return render(request, "cooperation/agreements.html", {"agreements": rows})


@login_required
@domain_errors
def agreement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(actor=request.user, agreement_id=pk)
    form = AgreementStatusForm(initial={"version": agreement.version, "status": agreement.status})
    if request.method == "POST":
        form = AgreementStatusForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_set_status(actor=request.user, agreement=agreement, status=form.cleaned_data["status"],
                                              expected_version=form.cleaned_data["version"], note=form.cleaned_data["note"])
            except (ValidationError, Conflict) as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The agreement's status was changed."))
                return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/agreement_detail.html", {
        "agreement": agreement, "form": form,
        "may_manage": services.may_manage_agreement(request.user, agreement.parties.all()),
        "document_form": DocumentForm()})


@login_required
@domain_errors
@one_submission
def agreement_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    if not services.can_manage_agreements(request.user):
        raise Forbidden
    form = AgreementForm(request.POST or None, institutions=selectors.institutions_active(actor=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.AgreementInput(
            code=d["code"], title=d["title"], kind=d["kind"], purpose=d["purpose"], parties=list(d["parties"]),
            flows=[services.Flow(provider=p, recipient=r, categories=c) for p, r, c in form.flows()],
            consent_required=d["consent_required"], purpose_limited=d["purpose_limited"],
            onward_sharing_forbidden=d["onward_sharing_forbidden"], signed_on=d["signed_on"],
            in_force_from=d["in_force_from"], expires_on=d["expires_on"], review_on=d["review_on"],
            status=d["status"], answer_days=d["answer_days"])
        try:
            agreement = services.agreement_create(actor=request.user, data=data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The agreement was recorded. Upload its signed document."))
            return redirect("cooperation:agreement_detail", pk=agreement.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("New agreement")})


@login_required
@domain_errors
@require_POST
def agreement_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(actor=request.user, agreement_id=pk)
    if not services.may_manage_agreement(request.user, agreement.parties.all()):
        raise Forbidden
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            services.agreement_attach_document(actor=request.user, agreement=agreement, stream=upload,
                                               name=upload.name or "")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The signed document was stored, encrypted."))
    else:
        messages.error(request, _("Choose the file of the signed document."))
    return redirect("cooperation:agreement_detail", pk=pk)


@login_required
@domain_errors
def agreement_document(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    agreement = selectors.agreement_get(actor=request.user, agreement_id=pk)
    if not agreement.document_file_id:
        return redirect("cooperation:agreement_detail", pk=pk)
    data = EncryptedFileStore().read(agreement.document_file_id, context=services.DOCUMENT_CONTEXT)
    response = FileResponse(iter([data]), as_attachment=True, filename=f"{agreement.code}.pdf",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@domain_errors
def liaisons(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    rows = [{"liaison": liaison, "department": subdivision_name(liaison.subdivision)}
            for liaison in selectors.liaison_directory(actor=request.user)]
    return render(request, "cooperation/liaisons.html", {"liaisons": rows})


@login_required
@domain_errors
def requests(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    return render(request, "cooperation/requests.html", {
        "incoming": selectors.mark_overdue(selectors.requests_incoming(actor=request.user)[:200]),
        "outgoing": selectors.mark_overdue(selectors.requests_outgoing(actor=request.user)[:200]),
        "figures": selectors.monitoring_figures(actor=request.user)})


@login_required
@domain_errors
@one_submission
def request_create(request: AuthenticatedRequest) -> HttpResponse:
    _require(request)
    case_id = parse_public_id(request.GET.get("case", ""))
    case = case_get(actor=request.user, case_id=case_id, audit=False)[0] if case_id else None
    form = RequestForm(request.POST or None, **selectors.request_form_choices(actor=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            req = services_requests.request_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The request was sent to the institution's liaison."))
            return redirect("cooperation:request_detail", pk=req.public_id)
    return render(request, "cooperation/request_form.html", {"form": form, "case": case})


@login_required
@domain_errors
def request_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    req = selectors.request_get(actor=request.user, request_id=pk)
    receiver = services_requests.is_receiver(request.user, req)
    initial = {"version": req.version}
    return render(request, "cooperation/request_detail.html", {
        "req": req, "events": selectors.request_events(req=req), "receiver": receiver,
        "attachments": selectors.request_attachments(req=req),
        "sender": req.requested_by_id == request.user.pk, "answer_form": AnswerForm(initial=initial),
        "move_form": MoveForm(initial=initial), "withdraw_form": WithdrawForm(initial=initial)})


def _act(request: AuthenticatedRequest, pk: UUID, form_class: type, act: Callable[..., object]) -> HttpResponse:
    req = selectors.request_get(actor=request.user, request_id=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(req, form.cleaned_data)
        except (ValidationError, Conflict, DisclosureRefused) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.message))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Check the form: something is missing."))
    return redirect("cooperation:request_detail", pk=pk)


@login_required
@domain_errors
@require_POST
def request_answer(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _act(request, pk, AnswerForm, lambda req, d: services_requests.request_answer(
        actor=request.user, req=req, expected_version=d["version"], answer=d["answer"], partly=d["partly"],
        files=[(f.name or "", f) for f in d["attachments"]]))


@login_required
@domain_errors
def request_attachment(request: AuthenticatedRequest, pk: UUID, attachment_id: int) -> HttpResponseBase:
    """A file of an answer, to either side of the request; the download is a recorded read."""
    attachment = selectors.request_attachment_get(actor=request.user, request_id=pk, attachment_id=attachment_id)
    data = EncryptedFileStore().read(attachment.file_id, context=services_requests.ATTACHMENT_CONTEXT)
    response = FileResponse(iter([data]), as_attachment=True, filename=f"{attachment.request.reference}-"
                            f"{attachment.pk}", content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@domain_errors
@require_POST
def request_move(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _act(request, pk, MoveForm, lambda req, d: services_requests.request_move(
        actor=request.user, req=req, expected_version=d["version"], status=d["status"], note=d["note"]))


@login_required
@domain_errors
@require_POST
def request_withdraw(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _act(request, pk, WithdrawForm, lambda req, d: services_requests.request_withdraw(
        actor=request.user, req=req, expected_version=d["version"], note=d["note"]))


@login_required
@require_POST
def notices_read(request: AuthenticatedRequest) -> HttpResponse:
    services_requests.notices_mark_read(actor=request.user)
    return redirect("cooperation:home")
