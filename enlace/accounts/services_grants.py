"""Four eyes: asking for a grant of access, approving it, rejecting it.

A grant asked by one person takes effect only in ``grant_approve``, run by another, authorised
person (``grants.may_decide``). Each step writes its audit entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden, NotFound

from . import hooks
from .grants import approvers_of, grant_kind, may_decide
from .models import AccessGrantRequest, GrantStatus, Institution, Unit, User

NOTE_MAX = 300


@transaction.atomic
def grant_request(*, actor: User | None, kind: str, payload: dict[str, Any], institution: Institution,
                  unit: Unit | None = None, subject: User | None = None) -> AccessGrantRequest:
    """Store a pending grant (or return the same one already pending) and tell its approvers."""
    grant_kind(kind)  # an unknown kind is a programming error: KeyError
    same = AccessGrantRequest.objects.filter(kind=kind, payload=payload, status=GrantStatus.PENDING).first()
    if same is not None:
        return same
    req = AccessGrantRequest.objects.create(kind=kind, payload=payload, institution=institution, unit=unit,
                                            subject=subject, requested_by=actor)
    audit_record(actor=actor, action="grant.request", obj=req, case_id=payload.get("case_id"),
                 details={"kind": kind, **_codes(req)},
                 actor_label=None if actor is not None else "(command line)")
    hooks.grant_requested(request=req, approvers=list(approvers_of(req)))
    return req


def _codes(req: AccessGrantRequest) -> dict[str, Any]:
    return {"institution": req.institution.code, "unit": req.unit.code if req.unit else None,
            "subject": req.subject.username if req.subject else None,
            **{k: v for k, v in req.payload.items() if k not in ("user_id", "case_id")}}


def _locked_pending(request_id: int) -> AccessGrantRequest:
    req = (AccessGrantRequest.objects.select_for_update(of=("self",)).select_related("institution", "unit", "subject")
           .filter(pk=request_id).first())
    if req is None:
        raise NotFound
    if req.status != GrantStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return req


def _require_decider(actor: User, req: AccessGrantRequest) -> None:
    """The requester and the person who would gain the access are told why; anyone else not
    authorised for the request learns nothing about it (the same answer as for a missing one)."""
    if actor.pk in (req.requested_by_id, req.subject_id):
        raise Forbidden(_("A grant of access is decided by someone other than the person who asked for it "
                          "or who would receive it."))
    if not may_decide(actor, req):
        raise NotFound


def _decide(req: AccessGrantRequest, actor: User, status: str, note: str) -> None:
    req.status = status
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.decision_note = note.strip()[:NOTE_MAX]
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


@transaction.atomic
def grant_approve(*, actor: User, request_id: int, note: str = "") -> AccessGrantRequest:
    """Apply the grant, as a second person: refused to the requester and to the one who gains access."""
    req = _locked_pending(request_id)
    _require_decider(actor, req)
    grant_kind(req.kind).apply(req, actor)
    _decide(req, actor, GrantStatus.APPROVED, note)
    audit_record(actor=actor, action="grant.approve", obj=req, case_id=req.payload.get("case_id"),
                 details={"kind": req.kind, "requested_by": req.requested_by.username if req.requested_by else None,
                          **_codes(req)})
    hooks.grant_decided(request=req)
    return req


@transaction.atomic
def grant_reject(*, actor: User, request_id: int, note: str = "") -> AccessGrantRequest:
    req = _locked_pending(request_id)
    _require_decider(actor, req)
    if not note.strip():
        raise ValidationError({"note": _("Say why the request is rejected.")})
    _decide(req, actor, GrantStatus.REJECTED, note)
    audit_record(actor=actor, action="grant.reject", obj=req, case_id=req.payload.get("case_id"),
                 details={"kind": req.kind, **_codes(req)})
    hooks.grant_decided(request=req)
    return req
