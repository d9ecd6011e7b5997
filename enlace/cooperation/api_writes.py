"""Writes over the API on INTERPOL notices, joint investigation teams, joint plans and operations.

The same selectors and services as the pages, so the same rules: a record is first read through
its selector (404 for a missing id and for one the caller may not see), then written through its
service (403 when the caller sees it but may not write it, 400 with the fields when the service
refuses the data, 409 with ``current_version`` when ``version`` is stale). Objects are named by
public id; an institution by its code; a milestone or an objective by its id within its plan (they
have no address of their own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field
from ninja.responses import Status

from enlace.accounts.models import Institution
from enlace.accounts.requests import ApiRequest
from enlace.cases.models import Case
from enlace.cases.selectors import case_get, case_person_get
from enlace.core.api_schemas import StrictIn, error_responses

from . import api_intl, selectors, selectors_intl, selectors_plans, services_intl, services_plans
from .api_intl import (
    JitOut,
    MlaOut,
    NoticeOut,
    OperationOut,
    PlanOut,
    jit_out,
    mla_out,
    notice_out,
    operation_out,
    plan_out,
)
from .models import Agreement

# The reads' router: a path read and written (``/notices``: GET and POST) is one route.
router = api_intl.router

CREATED = error_responses(400, 403, 404, 422)  # a new record, or a part added to one
CHANGED = error_responses(400, 403, 404, 409, 422)  # a versioned record changed
LINKED = error_responses(403, 404, 422)  # a case linked (no version: adding a link never overwrites)


class NoticeIn(StrictIn):
    case_id: UUID = Field(..., description="The public id of the case the notice is asked for.")
    colour: str = Field(..., description="red, yellow, blue, green, black, orange, purple or diffusion.")
    ncb: str = Field(..., description="The national central bureau.")
    purpose: str
    requested_on: dt.date
    subject_id: UUID | None = Field(None, description="The public id of the case's person it concerns.")


class NoticeStatusIn(StrictIn):
    version: int
    status: str = Field(..., description="issued, refused or cancelled.")
    on: dt.date | None = Field(None, description="The issue date (issued); today when left out.")
    interpol_reference: str = ""


class PartyIn(StrictIn):
    country: str = Field(..., description="ISO 3166-1 alpha-2.")
    authority: str
    leader: str


class MemberIn(StrictIn):
    country: str = Field(..., description="The party (country) the member belongs to.")
    name: str
    function: str = ""


class JitIn(StrictIn):
    title: str
    legal_basis: str = Field(..., description="untoc_19 or bilateral.")
    agreement_id: int | None = Field(None, description="The agreement a bilateral team rests on.")
    purpose: str
    applicable_law: str
    evidence_terms: str
    starts_on: dt.date
    expires_on: dt.date
    parties: list[PartyIn]
    members: list[MemberIn] = []
    case_id: UUID | None = None


class JitExtendIn(StrictIn):
    version: int
    new_expiry: dt.date
    agreed_on: dt.date


class CaseLinkIn(StrictIn):
    case_id: UUID = Field(..., description="A case the caller edits with full access.")


class PlanIn(StrictIn):
    code: str
    title: str
    institutions: list[str] = Field(..., description="The codes of the plan's institutions (two or more).")
    starts_on: dt.date
    ends_on: dt.date
    agreement_id: int | None = None


class ObjectiveIn(StrictIn):
    text: str
    institution: str = Field(..., description="The code of the owner institution (one of the plan's).")
    activities: str = ""


class MilestoneIn(StrictIn):
    title: str
    due_on: dt.date
    objective_id: int | None = Field(None, description="An objective of the same plan.")


class MilestoneStatusIn(StrictIn):
    status: str = Field(..., description="pending, met or missed.")
    done_on: dt.date | None = Field(None, description="When it was met; today when left out.")


class ProgressIn(StrictIn):
    text: str


class OperationIn(StrictIn):
    code: str
    name: str
    institutions: list[str] = Field(..., description="The codes of the participating institutions.")
    countries: list[str] = Field(..., description="ISO 3166-1 alpha-2 codes of the countries it spans.")
    starts_on: dt.date
    ends_on: dt.date | None = None
    plan_id: UUID | None = Field(None, description="The public id of the joint plan it carries out.")


class OperationUpdateIn(StrictIn):
    version: int
    phase: str = Field(..., description="assessment, operation, evaluation or closed.")
    persons_rescued: int = Field(..., ge=0)
    persons_arrested: int = Field(..., ge=0)
    places_inspected: int = Field(..., ge=0)


def _institutions(request: ApiRequest, codes: list[str], field: str = "institutions") -> list[Institution]:
    found = [selectors.institution_by_code(actor=request.auth, code=c) for c in codes]
    if any(i is None for i in found):
        raise ValidationError({field: _("Unknown institution.")})
    return [i for i in found if i is not None]


def _agreement(request: ApiRequest, agreement_id: int | None) -> Agreement | None:
    if agreement_id is None:
        return None
    return selectors.agreement_get(actor=request.auth, agreement_id=agreement_id)


def _case(request: ApiRequest, case_id: UUID) -> Case:
    """A case named in a body, through the cases' access rule (404 for one the caller may not see)."""
    return case_get(actor=request.auth, case_id=case_id, audit=False)[0]


@router.post("/notices", response={201: NoticeOut, **CREATED}, operation_id="cooperation_notice_create")
def cooperation_notice_create(request: ApiRequest, payload: NoticeIn) -> Status:
    """Record a notice or diffusion asked for a person of a case the caller edits."""
    case = _case(request, payload.case_id)
    subject = (case_person_get(actor=request.auth, case=case, case_person_id=payload.subject_id)
               if payload.subject_id else None)
    notice = services_intl.notice_create(actor=request.auth, case=case, colour=payload.colour, ncb=payload.ncb,
                                         purpose=payload.purpose, requested_on=payload.requested_on, subject=subject)
    return Status(201, notice_out(request, notice))


@router.post("/notices/{uuid:notice_id}/status", response={200: NoticeOut, **CHANGED},
             operation_id="cooperation_notice_status")
def cooperation_notice_status(request: ApiRequest, notice_id: UUID, payload: NoticeStatusIn) -> dict[str, Any]:
    notice = selectors_intl.notice_get(actor=request.auth, notice_id=notice_id)
    services_intl.notice_set_status(actor=request.auth, notice=notice, expected_version=payload.version,
                                    status=payload.status, on=payload.on, interpol_reference=payload.interpol_reference)
    return notice_out(request, notice)


@router.post("/teams", response={201: JitOut, **CREATED}, operation_id="cooperation_jit_create")
def cooperation_jit_create(request: ApiRequest, payload: JitIn) -> Status:
    case = _case(request, payload.case_id) if payload.case_id else None
    jit = services_intl.jit_create(actor=request.auth, data=services_intl.JitInput(
        title=payload.title, legal_basis=payload.legal_basis, agreement=_agreement(request, payload.agreement_id),
        purpose=payload.purpose, applicable_law=payload.applicable_law, evidence_terms=payload.evidence_terms,
        starts_on=payload.starts_on, expires_on=payload.expires_on,
        parties=[services_intl.PartyInput(p.country, p.authority, p.leader) for p in payload.parties],
        members=[(m.country, m.name, m.function) for m in payload.members], cases=[case] if case else []))
    return Status(201, jit_out(request, jit))


@router.post("/teams/{uuid:jit_id}/extensions", response={200: JitOut, **CHANGED},
             operation_id="cooperation_jit_extend")
def cooperation_jit_extend(request: ApiRequest, jit_id: UUID, payload: JitExtendIn) -> dict[str, Any]:
    """Extend the team by consent of the parties: a new expiry, the previous one kept."""
    jit = selectors_intl.jit_get(actor=request.auth, jit_id=jit_id)
    services_intl.jit_extend(actor=request.auth, jit=jit, expected_version=payload.version,
                             new_expiry=payload.new_expiry, agreed_on=payload.agreed_on)
    return jit_out(request, jit)


@router.post("/teams/{uuid:jit_id}/cases", response={200: JitOut, **LINKED},
             operation_id="cooperation_jit_case_link")
def cooperation_jit_case_link(request: ApiRequest, jit_id: UUID, payload: CaseLinkIn) -> dict[str, Any]:
    jit = selectors_intl.jit_get(actor=request.auth, jit_id=jit_id)
    services_intl.intl_link_case(actor=request.auth, obj=jit, case=_case(request, payload.case_id))
    return jit_out(request, jit)


@router.post("/mla/{uuid:mla_id}/cases", response={200: MlaOut, **LINKED},
             operation_id="cooperation_mla_case_link")
def cooperation_mla_case_link(request: ApiRequest, mla_id: UUID, payload: CaseLinkIn) -> dict[str, Any]:
    mla = selectors_intl.mla_get(actor=request.auth, mla_id=mla_id)
    services_intl.intl_link_case(actor=request.auth, obj=mla, case=_case(request, payload.case_id))
    return mla_out(request, mla)


@router.post("/plans", response={201: PlanOut, **CREATED}, operation_id="cooperation_plan_create")
def cooperation_plan_create(request: ApiRequest, payload: PlanIn) -> Status:
    """A joint plan of two or more institutions; written by the supervisors and liaisons of its parties."""
    plan = services_plans.plan_create(actor=request.auth, code=payload.code, title=payload.title,
                                      institutions=_institutions(request, payload.institutions),
                                      starts_on=payload.starts_on, ends_on=payload.ends_on,
                                      agreement=_agreement(request, payload.agreement_id))
    return Status(201, plan_out(plan))


@router.post("/plans/{uuid:plan_id}/objectives", response={201: PlanOut, **CREATED},
             operation_id="cooperation_plan_objective_add")
def cooperation_plan_objective_add(request: ApiRequest, plan_id: UUID, payload: ObjectiveIn) -> Status:
    plan = selectors_plans.plan_get(actor=request.auth, plan_id=plan_id)
    institution = _institutions(request, [payload.institution], "institution")[0]
    services_plans.objective_add(actor=request.auth, plan=plan, text=payload.text, institution=institution,
                                 activities=payload.activities)
    return Status(201, plan_out(plan))


@router.post("/plans/{uuid:plan_id}/milestones", response={201: PlanOut, **CREATED},
             operation_id="cooperation_plan_milestone_add")
def cooperation_plan_milestone_add(request: ApiRequest, plan_id: UUID, payload: MilestoneIn) -> Status:
    plan = selectors_plans.plan_get(actor=request.auth, plan_id=plan_id)
    objective = None
    if payload.objective_id is not None:
        objective = plan.objectives.filter(pk=payload.objective_id).first()
        if objective is None:
            raise ValidationError({"objective_id": _("The objective is of another plan.")})
    services_plans.milestone_add(actor=request.auth, plan=plan, title=payload.title, due_on=payload.due_on,
                                 objective=objective)
    return Status(201, plan_out(plan))


# A milestone has no version (a status mark, not an edit): the answers of a creation, with 200.
@router.post("/plans/{uuid:plan_id}/milestones/{milestone_id}/status", response={200: PlanOut, **CREATED},
             operation_id="cooperation_plan_milestone_status")
def cooperation_plan_milestone_status(request: ApiRequest, plan_id: UUID, milestone_id: int,
                                      payload: MilestoneStatusIn) -> dict[str, Any]:
    """Mark a milestone met (on a date) or missed: its responsible person or a manager of the plan."""
    plan = selectors_plans.plan_get(actor=request.auth, plan_id=plan_id)
    milestone = selectors_plans.milestone_get(plan=plan, milestone_id=milestone_id)
    services_plans.milestone_set(actor=request.auth, milestone=milestone, status=payload.status,
                                 done_on=payload.done_on)
    return plan_out(plan)


@router.post("/plans/{uuid:plan_id}/reports", response={201: PlanOut, **CREATED},
             operation_id="cooperation_plan_progress_add")
def cooperation_plan_progress_add(request: ApiRequest, plan_id: UUID, payload: ProgressIn) -> Status:
    plan = selectors_plans.plan_get(actor=request.auth, plan_id=plan_id)
    services_plans.progress_add(actor=request.auth, plan=plan, text=payload.text)
    return Status(201, plan_out(plan))


@router.post("/operations", response={201: OperationOut, **CREATED}, operation_id="cooperation_operation_create")
def cooperation_operation_create(request: ApiRequest, payload: OperationIn) -> Status:
    plan = selectors_plans.plan_get(actor=request.auth, plan_id=payload.plan_id) if payload.plan_id else None
    op = services_plans.operation_create(actor=request.auth, code=payload.code, name=payload.name,
                                         institutions=_institutions(request, payload.institutions),
                                         countries=payload.countries, starts_on=payload.starts_on,
                                         ends_on=payload.ends_on, plan=plan)
    return Status(201, operation_out(request, op))


@router.patch("/operations/{uuid:operation_id}", response={200: OperationOut, **CHANGED},
              operation_id="cooperation_operation_update")
def cooperation_operation_update(request: ApiRequest, operation_id: UUID, payload: OperationUpdateIn) -> dict[str, Any]:
    """Move the phase and record the results (counts, never who)."""
    op = selectors_plans.operation_get(actor=request.auth, operation_id=operation_id)
    services_plans.operation_update(actor=request.auth, operation=op, expected_version=payload.version,
                                    phase=payload.phase, persons_rescued=payload.persons_rescued,
                                    persons_arrested=payload.persons_arrested,
                                    places_inspected=payload.places_inspected)
    return operation_out(request, op)


@router.post("/operations/{uuid:operation_id}/cases", response={200: OperationOut, **LINKED},
             operation_id="cooperation_operation_case_link")
def cooperation_operation_case_link(request: ApiRequest, operation_id: UUID, payload: CaseLinkIn) -> dict[str, Any]:
    op = selectors_plans.operation_get(actor=request.auth, operation_id=operation_id)
    services_plans.operation_link_case(actor=request.auth, operation=op, case=_case(request, payload.case_id))
    return operation_out(request, op)
