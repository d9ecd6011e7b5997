"""What the four-eyes steps of the accounts app mean for notifications (registered in ``apps.py``).

Approvers learn that a grant waits for them, the requester learns the decision, and every auditor
learns at once that break-glass access was used. Parameters are codes and usernames, never a
case title or a person's name.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from enlace.accounts.grants import kind_label
from enlace.accounts.models import AccessGrantRequest, User
from enlace.accounts.roles import Role
from enlace.cases.models import Case

from .models import NotificationKind
from .services import notify


def on_grant_requested(*, request: AccessGrantRequest, approvers: list[User]) -> None:
    notify(users=approvers, kind=NotificationKind.ACCESS_REQUESTED,
           params={"kind": kind_label(request), "requester": request.requester_label},
           url=reverse("accounts:grant_list"))


def on_grant_decided(*, request: AccessGrantRequest) -> None:
    if request.requested_by is None:
        return
    notify(users=[request.requested_by], kind=NotificationKind.ACCESS_DECIDED,
           params={"kind": kind_label(request), "status": request.get_status_display(),
                   "decider": request.decided_by.username if request.decided_by else ""},
           url=reverse("accounts:grant_list"))


def on_break_glass(*, user: User, case_id: int, until: dt.datetime) -> None:
    auditors = User.objects.filter(is_active=True, memberships__role=Role.AUDITOR,
                                   memberships__is_active=True).distinct()
    case = Case.objects.filter(pk=case_id).first()
    notify(users=auditors, kind=NotificationKind.BREAK_GLASS,
           params={"user": user.get_full_name() or user.username, "case_id": case_id,
                   "case": case.reference_label() if case is not None else "—",
                   "until": until.strftime("%Y-%m-%d %H:%M UTC")},
           url="/audit/")
