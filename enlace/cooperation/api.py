"""Cooperation over the API (/api/v1/cooperation): agreements, case sharings under an agreement,
information requests and their answers.

The same selectors and services as the pages, so the same rules: agreements are seen by the
users of their parties, a request by its sender's side and the liaisons who answer for the asked
institution (404 for everyone else, as for a missing id); a disclosure no agreement in force
allows is refused with 403 and a message naming what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.accounts.models import Institution
from enlace.accounts.requests import ApiRequest
from enlace.cases.selectors import case_get
from enlace.cases.services_access import case_sharing_create
from enlace.core.api_schemas import StrictIn, error_responses

from . import api_writes, selectors, services, services_requests
from .models import Agreement, InformationRequest

router = Router(tags=["cooperation"])


class FlowOut(Schema):
    provider: str
    recipient: str
    categories: list[str]


class AgreementOut(Schema):
    id: int
    version: int
    code: str
    title: str
    kind: str
    status: str
    parties: list[str]
    flows: list[FlowOut]
    consent_required: bool
    purpose_limited: bool
    onward_sharing_forbidden: bool
    in_force_from: dt.date | None
    expires_on: dt.date | None
    review_on: dt.date | None
    answer_days: int


class StatusIn(StrictIn):
    version: int
    status: str = Field(..., description="draft, in_force, suspended, expired or terminated.")
    note: str = ""


class SharingIn(StrictIn):
    institution: str = Field(..., description="The receiving institution's code.")
    scope: str = Field(..., description="'summary' or 'full'.")
    purpose: str
    valid_until: dt.date | None = None
    agreement_id: int | None = Field(None, description="Left out: the agreement in force that allows it.")


class SharingOut(Schema):
    request_id: int = Field(..., description="The access request: the sharing takes effect when a second person "
                                             "approves it (separation of duties).")
    status: str
    case_id: UUID = Field(..., description="The case's public id.")
    institution: str
    scope: str
    agreement_id: int | None = Field(None, description="The agreement the sharing rests on (cited, or the one in "
                                                       "force that allows it).")


class RequestIn(StrictIn):
    institution: str = Field(..., description="The asked institution's code.")
    agreement_id: int
    category: str = Field(..., description="case_summary, persons, identities, evidence or statistics.")
    question: str
    reason: str
    urgency: str = "routine"
    due_on: dt.date | None = None
    case_id: UUID | None = Field(None, description="The public id of the case it concerns.")


class RequestOut(Schema):
    id: UUID = Field(..., description="The request's public id (random).")
    version: int
    reference: str
    status: str
    requesting_institution: str
    institution: str
    agreement: str
    category: str
    urgency: str
    due_on: dt.date
    escalated: bool
    question: str
    answer: str = Field(..., description="Empty while withheld.")
    answer_withheld: bool = Field(..., description="The agreement the answer was disclosed under no longer lets "
                                                   "it reach the caller's institution (suspended, expired or "
                                                   "narrowed): the answer and its files are not served.")
    refusal_reason: str


class AnswerIn(StrictIn):
    version: int
    answer: str
    partly: bool = False


class MoveIn(StrictIn):
    version: int
    status: str = Field(..., description="acknowledged, in_progress or refused.")
    note: str = ""


def _agreement_out(a: Agreement) -> dict[str, Any]:
    return {"id": a.pk, "version": a.version, "code": a.code, "title": a.title, "kind": a.kind, "status": a.status,
            "parties": sorted(p.code for p in a.parties.all()),
            "flows": [{"provider": f.provider.code, "recipient": f.recipient.code, "categories": f.categories}
                      for f in a.flows.select_related("provider", "recipient")],
            "consent_required": a.consent_required, "purpose_limited": a.purpose_limited,
            "onward_sharing_forbidden": a.onward_sharing_forbidden, "in_force_from": a.in_force_from,
            "expires_on": a.expires_on, "review_on": a.review_on, "answer_days": a.answer_days}


def _request_out(r: InformationRequest) -> dict[str, Any]:
    return {"id": r.public_id, "version": r.version, "reference": r.reference, "status": r.status,
            "requesting_institution": r.requesting_institution.code, "institution": r.institution.code,
            "agreement": r.agreement.code, "category": r.category, "urgency": r.urgency, "due_on": r.due_on,
            "escalated": r.escalated_at is not None, "question": r.question, "answer": r.answer,
            "answer_withheld": getattr(r, "answer_withheld", False), "refusal_reason": r.refusal_reason}


def _institution(request: ApiRequest, code: str) -> Institution:
    inst = selectors.institution_by_code(actor=request.auth, code=code)
    if inst is None:
        raise ValidationError({"institution": _("Unknown institution.")})
    return inst


@router.get("/agreements", response={200: list[AgreementOut], **error_responses()}, operation_id="cooperation_agreements")
def cooperation_agreements(request: ApiRequest) -> list[dict[str, Any]]:
    return [_agreement_out(a) for a in selectors.agreement_list(actor=request.auth)]


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, **error_responses(404)},
            operation_id="cooperation_agreement_get")
def cooperation_agreement_get(request: ApiRequest, agreement_id: int) -> dict[str, Any]:
    return _agreement_out(selectors.agreement_get(actor=request.auth, agreement_id=agreement_id))


@router.post("/agreements/{agreement_id}/status", response={200: AgreementOut, **error_responses(400, 403, 404, 409)},
             operation_id="cooperation_agreement_status")
def cooperation_agreement_status(request: ApiRequest, agreement_id: int, payload: StatusIn) -> dict[str, Any]:
    agreement = selectors.agreement_get(actor=request.auth, agreement_id=agreement_id)
    services.agreement_set_status(actor=request.auth, agreement=agreement, expected_version=payload.version,
                                  status=payload.status, note=payload.note)
    return _agreement_out(agreement)


@router.post("/cases/{uuid:case_id}/sharings", response={202: SharingOut, **error_responses(400, 403, 404)},
             operation_id="cooperation_case_share")
def cooperation_case_share(request: ApiRequest, case_id: UUID, payload: SharingIn) -> Status:
    """Ask to share a case with another institution: refused (403) unless an agreement in force allows
    it; accepted (202) as a request that a second person approves."""
    case, _access = case_get(actor=request.auth, case_id=case_id, audit=False)
    institution = _institution(request, payload.institution)
    req = case_sharing_create(actor=request.auth, case=case, institution=institution, scope=payload.scope,
                              purpose=payload.purpose, valid_until=payload.valid_until,
                              agreement_id=payload.agreement_id)
    return Status(202, {"request_id": req.pk, "status": req.status, "case_id": case.public_id, "institution": institution.code,
                        "scope": payload.scope, "agreement_id": req.payload.get("agreement_id")})


@router.get("/requests", response={200: list[RequestOut], **error_responses()}, operation_id="cooperation_requests")
def cooperation_requests(request: ApiRequest, direction: str = "incoming") -> list[dict[str, Any]]:
    pick = selectors.requests_outgoing if direction == "outgoing" else selectors.requests_incoming
    return [_request_out(r) for r in selectors.withhold_unreadable(actor=request.auth,
                                                                   requests=pick(actor=request.auth)[:500])]


@router.post("/requests", response={201: RequestOut, **error_responses(400, 403, 404)},
             operation_id="cooperation_request_create")
def cooperation_request_create(request: ApiRequest, payload: RequestIn) -> Status:
    agreement = selectors.agreement_get(actor=request.auth, agreement_id=payload.agreement_id)
    case = case_get(actor=request.auth, case_id=payload.case_id, audit=False)[0] if payload.case_id else None
    req = services_requests.request_create(
        actor=request.auth, institution=_institution(request, payload.institution), agreement=agreement,
        category=payload.category, question=payload.question, reason=payload.reason, urgency=payload.urgency,
        due_on=payload.due_on, case=case)
    return Status(201, _request_out(req))


@router.get("/requests/{uuid:request_id}", response={200: RequestOut, **error_responses(404)},
            operation_id="cooperation_request_get")
def cooperation_request_get(request: ApiRequest, request_id: UUID) -> dict[str, Any]:
    return _request_out(selectors.request_get(actor=request.auth, request_id=request_id))


@router.post("/requests/{uuid:request_id}/answer", response={200: RequestOut, **error_responses(400, 403, 404, 409)},
             operation_id="cooperation_request_answer")
def cooperation_request_answer(request: ApiRequest, request_id: UUID, payload: AnswerIn) -> dict[str, Any]:
    req = selectors.request_get(actor=request.auth, request_id=request_id)
    services_requests.request_answer(actor=request.auth, req=req, expected_version=payload.version,
                                     answer=payload.answer, partly=payload.partly)
    return _request_out(req)


@router.post("/requests/{uuid:request_id}/status", response={200: RequestOut, **error_responses(400, 403, 404, 409)},
             operation_id="cooperation_request_move")
def cooperation_request_move(request: ApiRequest, request_id: UUID, payload: MoveIn) -> dict[str, Any]:
    req = selectors.request_get(actor=request.auth, request_id=request_id)
    services_requests.request_move(actor=request.auth, req=req, expected_version=payload.version,
                                   status=payload.status, note=payload.note)
    return _request_out(req)


# International cooperation, plans and operations: reads and writes in their own modules (size), one
# router (``api_writes`` adds the writes to the reads' router, so a path read and written is one route).
router.add_router("", api_writes.router)
