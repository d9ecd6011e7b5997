"""Requests for information about a hidden hit: sending one, the inbox, answering."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.persons.selectors import person_get, person_label

from .forms import AnswerForm, InformationRequestForm
from .models import RequestStatus
from .selectors import holders_for
from .selectors_pages import held_persons
from .services_requests import (
    request_answer,
    request_create,
    request_get,
    request_mark_seen,
    requests_incoming,
    requests_outgoing,
)


@login_required
@domain_errors
def request_create_view(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    user = request.user
    person = person_get(actor=user, person_id=person_id)
    token = request.POST.get("holder") or request.GET.get("holder", "")
    holders = holders_for(actor=user, person=person)
    if token not in holders:
        raise Http404
    holder = holders[token][0]
    form = InformationRequestForm(request.POST or None, initial={"holder": token})
    if request.method == "POST" and form.is_valid():
        try:
            req = request_create(actor=user, person=person, holder_token=form.cleaned_data["holder"],
                                 purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Your request was sent to %(holder)s.") % {"holder": holder.name})
            return redirect("links:request_detail", request_id=req.public_id)
    return render(request, "links/request_form.html", {
        "person": person, "holder": holder, "form": form,
        "label": person_label(actor=user, person=person, reveals=session_reveals(request))})


@login_required
@domain_errors
def request_list_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.can_work_cases:
        raise PermissionDenied
    incoming = list(requests_incoming(actor=user)[:200])
    outgoing = list(requests_outgoing(actor=user)[:200])
    return render(request, "links/requests.html", {
        "incoming": incoming, "outgoing": outgoing,
        "unread": sum(1 for r in incoming if r.holder_seen_at is None)})


@login_required
@domain_errors
def request_detail_view(request: AuthenticatedRequest, request_id: UUID) -> HttpResponse:
    user = request.user
    req, is_holder = request_get(actor=user, request_id=request_id)
    form = AnswerForm(request.POST or None) if is_holder and req.status == RequestStatus.SENT else None
    if is_holder and request.method == "GET":
        request_mark_seen(actor=user, req=req)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                request_answer(actor=user, req=req, answer=form.cleaned_data["answer"],
                               decline=request.POST.get("action") == "decline")
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Your answer was sent."))
                return redirect("links:request_detail", request_id=req.public_id)
    held = held_persons(actor=user, req=req, reveals=session_reveals(request)) if is_holder else []
    about = None
    if req.from_user_id == user.pk:
        about = person_label(actor=user, person=req.about_person, reveals=session_reveals(request))
    return render(request, "links/request_detail.html", {"req": req, "is_holder": is_holder, "form": form,
                                                         "held": held, "about": about})
