"""The grants of the case file: a participant, a sharing with another institution. Registered with
the accounts app's four-eyes registry in ``CasesConfig.ready()``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.grants import GrantKind, register_grant_kind
from enlace.accounts.models import AccessGrantRequest, Institution, User

from .models import Case
from .services_access import (
    KIND_PARTICIPANT,
    KIND_SHARING,
    case_participant_grant,
    case_sharing_grant,
    check_sharing,
)
from .vocabulary import SharingScope


def _case(req: AccessGrantRequest) -> Case:
    case = Case.objects.filter(pk=req.payload["case_id"]).first()
    if case is None:
        raise ValidationError(_("The case of this request no longer exists."))
    return case


def apply_participant(req: AccessGrantRequest, approver: User) -> None:
    user = User.objects.filter(pk=req.payload["user_id"], is_active=True).first()
    if user is None:
        raise ValidationError(_("The account of this request is no longer active."))
    case_participant_grant(actor=approver, case=_case(req), user=user, requested_by=req.requested_by)


def _case_label(req: AccessGrantRequest) -> str:
    """The case as people name it (its reference), for the approver's list."""
    case = Case.objects.filter(pk=req.payload.get("case_id")).first()
    return case.reference_label() if case is not None else "—"


def describe_participant(req: AccessGrantRequest) -> str:
    user = User.objects.filter(pk=req.payload.get("user_id")).first()
    name = (user.get_full_name() if user is not None else "") or req.payload.get("username", "")
    return _("%(user)s takes part in case %(case)s (full access to its file and persons)") % {
        "user": name, "case": _case_label(req)}


def apply_sharing(req: AccessGrantRequest, approver: User) -> None:
    p = req.payload
    institution = Institution.objects.filter(pk=p["institution_id"], is_active=True).first()
    if institution is None:
        raise ValidationError(_("The receiving institution no longer exists or is inactive."))
    case = _case(req)
    valid_until = dt.date.fromisoformat(p["valid_until"]) if p.get("valid_until") else None
    requester = req.requested_by or approver
    agreement_id = check_sharing(requester, case, institution, p["scope"], p["purpose"], valid_until,
                                 p.get("agreement_id"))
    case_sharing_grant(actor=approver, case=case, institution=institution, scope=p["scope"], purpose=p["purpose"],
                       valid_until=valid_until, agreement_id=agreement_id, requested_by=req.requested_by)


def describe_sharing(req: AccessGrantRequest) -> str:
    p = req.payload
    scope = SharingScope(p["scope"]).label if p.get("scope") in SharingScope.values else p.get("scope", "")
    text = _("Case %(case)s shared with %(recipient)s (%(scope)s) for: %(purpose)s") % {
        "case": _case_label(req), "recipient": p.get("recipient", ""), "scope": scope,
        "purpose": p.get("purpose", "")}
    if p.get("valid_until"):
        text += " " + _("until %(date)s") % {"date": p["valid_until"]}
    return text


def register() -> None:
    register_grant_kind(GrantKind(KIND_PARTICIPANT, gettext_lazy("Case participant"), apply_participant,
                                  describe_participant))
    register_grant_kind(GrantKind(KIND_SHARING, gettext_lazy("Case sharing"), apply_sharing, describe_sharing))
