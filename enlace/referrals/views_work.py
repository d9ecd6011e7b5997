"""The recipient's work on a referral, from both sides' pages: a message to the other side, the
service plan (receiving organisation only). POST-redirect-GET with the one-submission token: Back
and resubmit lead to the first result and create nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.http import domain_errors

from . import services_work
from .forms import ActivityStatusForm, MessageForm, PlanItemForm
from .models_work import Side
from .selectors_work import ReferralWork, referral_side


def page_url(referral_id: UUID, side: str) -> str:
    """The referral's page for this side: the receiving organisation's or the referring side's."""
    name = "referrals:incoming" if side == Side.RECIPIENT else "referrals:detail"
    return reverse(name, kwargs={"pk": referral_id})


def work_context(request: HttpRequest, work: ReferralWork) -> dict[str, Any]:
    """The thread's and the plan's forms for a referral page, each with its own submission token."""
    return {"work": work, "message_form": MessageForm(), "message_token": idempotency.token_for(request),
            "plan_form": PlanItemForm(), "plan_token": idempotency.token_for(request),
            "activity_form": ActivityStatusForm()}


def _submit(request: AuthenticatedRequest, pk: UUID, form: forms.Form, write: Callable[[dict], object],
            done: str) -> HttpResponse:
    """Check access, then write once: a repeat of the same submission goes back to the page."""
    _referral, side = referral_side(actor=request.user, referral_id=pk)
    url = page_url(pk, side)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(url)
    if idempotency.first_result(request) is not None:
        messages.info(request, _("This form was already sent: it was saved once."))
        return redirect(url)
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        idempotency.release(request)
        messages.error(request, " ".join(exc.messages))
    else:
        idempotency.remember(request, url)
        messages.success(request, done)
    return redirect(url)


@login_required
@domain_errors
@require_POST
def message_post(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _submit(request, pk, MessageForm(request.POST), lambda data: services_work.message_post(
        actor=request.user, referral_id=pk, body=data["body"]), _("Message sent; the other side was notified."))


@login_required
@domain_errors
@require_POST
def plan_add(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _submit(request, pk, PlanItemForm(request.POST), lambda data: services_work.plan_item_add(
        actor=request.user, referral_id=pk, kind=data["kind"], text=data["text"], status=data["status"]),
        _("Added to the service plan."))


@login_required
@domain_errors
@require_POST
def plan_status(request: AuthenticatedRequest, pk: UUID, item: UUID) -> HttpResponse:
    form = ActivityStatusForm(request.POST)
    _referral, side = referral_side(actor=request.user, referral_id=pk)
    if form.is_valid():
        try:
            services_work.plan_activity_set_status(actor=request.user, referral_id=pk, item_id=item,
                                                   status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The activity's state was changed."))
    return redirect(page_url(pk, side))
