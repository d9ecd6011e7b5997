"""International cooperation, joint plans and operations over the API (/api/v1/cooperation).

The same selectors and services as the pages, so the same rules: an MLA request, a notice or a
team is seen by whoever recorded it, whoever fully sees a case it is linked to, and the national
liaison of its institution; a plan or an operation by the users of its institutions; linked cases
are listed only where the reader may see them, a notice's subject by pseudonym. 404 for the
others, as for a missing id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.accounts.requests import ApiRequest
from enlace.cases.selectors import case_get
from enlace.core.api_schemas import StrictIn, error_responses

from . import selectors_intl, selectors_plans, services_intl
from .models_intl import InterpolNotice, JointInvestigationTeam, MlaRequest
from .models_plans import JointPlan, Operation

router = Router(tags=["cooperation"])


class MlaOut(Schema):
    id: UUID
    version: int
    reference: str
    direction: str
    counterpart_country: str
    central_authority: str
    legal_basis: str
    assistance_type: str
    status: str
    status_reason: str
    deadline: dt.date | None
    cases: list[UUID] = Field(..., description="The linked cases the caller may see.")
    timeline: list[dict[str, str]]


class MlaIn(StrictIn):
    direction: str = Field(..., description="outgoing or incoming.")
    counterpart_country: str = Field(..., description="ISO 3166-1 alpha-2.")
    requesting_authority: str
    requested_authority: str
    central_authority: str
    legal_basis: str = Field(..., description="treaty, untoc_18 or reciprocity.")
    treaty: str = ""
    assistance_type: str
    facts: str
    law: str
    assistance_sought: str
    confidential: bool = False
    confidentiality_reasons: str = ""
    translation: str = ""
    deadline: dt.date | None = None
    case_id: UUID | None = None


class MlaMoveIn(StrictIn):
    version: int
    status: str
    on: dt.date | None = None
    note: str = ""


class NoticeOut(Schema):
    id: UUID
    version: int
    reference: str
    colour: str
    status: str
    subject: str = Field(..., description="The subject's pseudonym (a name only where the identity gate allows).")
    ncb: str
    requested_on: dt.date
    issued_on: dt.date | None
    cases: list[UUID]


class JitOut(Schema):
    id: UUID
    version: int
    reference: str
    title: str
    legal_basis: str
    agreement: str | None
    starts_on: dt.date
    expires_on: dt.date
    parties: list[dict[str, str]]
    members: list[dict[str, str]]
    cases: list[UUID]


class PlanOut(Schema):
    id: UUID
    version: int
    code: str
    title: str
    status: str
    institutions: list[str]
    objectives: int = Field(..., description="How many objectives the plan has.")
    objective_items: list[dict[str, Any]] = Field(..., description="Each objective with its id (within the plan), "
                                                                  "text and owner institution.")
    milestones: list[dict[str, Any]] = Field(..., description="Each with its id (within the plan), title, due date "
                                                             "and status.")
    reports: int = Field(..., description="How many progress reports the plan has.")


class OperationOut(Schema):
    id: UUID
    version: int
    code: str
    name: str
    phase: str
    countries: list[str]
    institutions: list[str]
    starts_on: dt.date
    ends_on: dt.date | None
    persons_rescued: int
    persons_arrested: int
    places_inspected: int
    cases: list[UUID] = Field(..., description="The cases the caller may see among those it touches.")


def mla_out(request: ApiRequest, m: MlaRequest) -> dict[str, Any]:
    return {"id": m.public_id, "version": m.version, "reference": m.reference, "direction": m.direction,
            "counterpart_country": m.counterpart_country, "central_authority": m.central_authority,
            "legal_basis": m.legal_basis, "assistance_type": m.assistance_type, "status": m.status,
            "status_reason": m.status_reason, "deadline": m.deadline,
            "cases": [c.public_id for c in selectors_intl.linked_cases(actor=request.auth, obj=m)],
            "timeline": [{"status": e.status, "on": e.on.isoformat(), "note": e.note} for e in m.events.all()]}


def notice_out(request: ApiRequest, n: InterpolNotice) -> dict[str, Any]:
    return {"id": n.public_id, "version": n.version, "reference": n.reference, "colour": n.colour, "status": n.status,
            "subject": selectors_intl.notice_subject(actor=request.auth, notice=n), "ncb": n.ncb,
            "requested_on": n.requested_on, "issued_on": n.issued_on,
            "cases": [c.public_id for c in selectors_intl.linked_cases(actor=request.auth, obj=n)]}


def jit_out(request: ApiRequest, j: JointInvestigationTeam) -> dict[str, Any]:
    return {"id": j.public_id, "version": j.version, "reference": j.reference, "title": j.title, "legal_basis": j.legal_basis,
            "agreement": j.agreement.code if j.agreement else None, "starts_on": j.starts_on,
            "expires_on": j.expires_on,
            "parties": [{"country": p.country, "authority": p.authority, "leader": p.leader} for p in j.parties.all()],
            "members": [{"country": m.country, "name": m.name, "function": m.function} for m in j.members.all()],
            "cases": [c.public_id for c in selectors_intl.linked_cases(actor=request.auth, obj=j)]}


def plan_out(p: JointPlan) -> dict[str, Any]:
    return {"id": p.public_id, "version": p.version, "code": p.code, "title": p.title, "status": p.status,
            "institutions": sorted(i.code for i in p.institutions.all()),
            "objectives": p.objectives.count(),
            "objective_items": [{"id": o.pk, "text": o.text, "institution": o.institution.code}
                                for o in p.objectives.select_related("institution")],
            "milestones": [{"id": m.pk, "title": m.title, "due_on": m.due_on, "status": m.status,
                            "done_on": m.done_on} for m in p.milestones.all()],
            "reports": p.reports.count()}


def operation_out(request: ApiRequest, o: Operation) -> dict[str, Any]:
    return {"id": o.public_id, "version": o.version, "code": o.code, "name": o.name, "phase": o.phase, "countries": o.countries,
            "institutions": sorted(i.code for i in o.institutions.all()), "starts_on": o.starts_on,
            "ends_on": o.ends_on, "persons_rescued": o.persons_rescued, "persons_arrested": o.persons_arrested,
            "places_inspected": o.places_inspected,
            "cases": [c.public_id for c in selectors_plans.operation_cases(actor=request.auth, operation=o)]}


@router.get("/mla", response={200: list[MlaOut], **error_responses()}, operation_id="cooperation_mla_list")
def cooperation_mla_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [mla_out(request, m) for m in selectors_intl.mla_list(actor=request.auth)[:500]]


@router.post("/mla", response={201: MlaOut, **error_responses(400, 403, 404)}, operation_id="cooperation_mla_create")
def cooperation_mla_create(request: ApiRequest, payload: MlaIn) -> Status:
    fields = payload.model_dump(exclude={"case_id"})
    case = case_get(actor=request.auth, case_id=payload.case_id, audit=False)[0] if payload.case_id else None
    mla = services_intl.mla_create(actor=request.auth, data=services_intl.MlaInput(**fields,
                                                                                   cases=[case] if case else []))
    return Status(201, mla_out(request, mla))


@router.get("/mla/{uuid:mla_id}", response={200: MlaOut, **error_responses(404)}, operation_id="cooperation_mla_get")
def cooperation_mla_get(request: ApiRequest, mla_id: UUID) -> dict[str, Any]:
    return mla_out(request, selectors_intl.mla_get(actor=request.auth, mla_id=mla_id))


@router.post("/mla/{uuid:mla_id}/status", response={200: MlaOut, **error_responses(400, 403, 404, 409)},
             operation_id="cooperation_mla_move")
def cooperation_mla_move(request: ApiRequest, mla_id: UUID, payload: MlaMoveIn) -> dict[str, Any]:
    mla = selectors_intl.mla_get(actor=request.auth, mla_id=mla_id)
    services_intl.mla_move(actor=request.auth, mla=mla, expected_version=payload.version, status=payload.status,
                           on=payload.on, note=payload.note)
    return mla_out(request, mla)


@router.get("/notices", response={200: list[NoticeOut], **error_responses()}, operation_id="cooperation_notice_list")
def cooperation_notice_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [notice_out(request, n) for n in selectors_intl.notice_list(actor=request.auth)[:500]]


@router.get("/notices/{uuid:notice_id}", response={200: NoticeOut, **error_responses(404)},
            operation_id="cooperation_notice_get")
def cooperation_notice_get(request: ApiRequest, notice_id: UUID) -> dict[str, Any]:
    return notice_out(request, selectors_intl.notice_get(actor=request.auth, notice_id=notice_id))


@router.get("/teams", response={200: list[JitOut], **error_responses()}, operation_id="cooperation_jit_list")
def cooperation_jit_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [jit_out(request, j) for j in selectors_intl.jit_list(actor=request.auth)[:500]]


@router.get("/teams/{uuid:jit_id}", response={200: JitOut, **error_responses(404)}, operation_id="cooperation_jit_get")
def cooperation_jit_get(request: ApiRequest, jit_id: UUID) -> dict[str, Any]:
    return jit_out(request, selectors_intl.jit_get(actor=request.auth, jit_id=jit_id))


@router.get("/plans", response={200: list[PlanOut], **error_responses()}, operation_id="cooperation_plan_list")
def cooperation_plan_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [plan_out(p) for p in selectors_plans.plan_list(actor=request.auth)[:500]]


@router.get("/plans/{uuid:plan_id}", response={200: PlanOut, **error_responses(404)}, operation_id="cooperation_plan_get")
def cooperation_plan_get(request: ApiRequest, plan_id: UUID) -> dict[str, Any]:
    return plan_out(selectors_plans.plan_get(actor=request.auth, plan_id=plan_id))


@router.get("/operations", response={200: list[OperationOut], **error_responses()},
            operation_id="cooperation_operation_list")
def cooperation_operation_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [operation_out(request, o) for o in selectors_plans.operations_read(actor=request.auth)[:500]]


@router.get("/operations/{uuid:operation_id}", response={200: OperationOut, **error_responses(404)},
            operation_id="cooperation_operation_get")
def cooperation_operation_get(request: ApiRequest, operation_id: UUID) -> dict[str, Any]:
    return operation_out(request, selectors_plans.operation_get(actor=request.auth, operation_id=operation_id))
