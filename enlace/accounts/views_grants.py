"""Approvals (four eyes): the grants of access waiting for this user's decision, and their own requests.

Every signed-in user sees the requests they made; approvers (designated approvers of an
institution, supervisors of a unit) also see those they may decide, with what exactly each would
grant. Deciding goes through ``services_grants`` (which refuses the requester and the person who
would gain the access); a request the user may not decide is the same 404 as a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors

from . import grants
from .services_grants import NOTE_MAX, grant_approve, grant_reject

RECENT = 30


def _rows(qs) -> list:
    rows = list(qs[:RECENT * 4])
    for r in rows:
        r.description = grants.describe(r)
        r.kind_label = grants.kind_label(r)
    return rows


@login_required
@domain_errors
def grant_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/grants.html", {
        "pending": _rows(grants.pending_for(user)),
        "decided": _rows(grants.decided_by_or_for(user)[:RECENT]),
        "mine": _rows(grants.requested_by(user)[:RECENT]),
        "is_approver": user.is_approver, "note_max": NOTE_MAX,
    })


def _messages_of(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


@login_required
@domain_errors
@require_POST
def grant_approve_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        grant_approve(actor=request.user, request_id=pk, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _messages_of(request, exc)
    else:
        messages.success(request, _("Approved: the access is granted."))
    return redirect("accounts:grant_list")


@login_required
@domain_errors
@require_POST
def grant_reject_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        grant_reject(actor=request.user, request_id=pk, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _messages_of(request, exc)
    else:
        messages.success(request, _("Rejected: nothing was granted."))
    return redirect("accounts:grant_list")
