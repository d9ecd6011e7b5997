"""Proceedings and the elements matrix over the API (/api/v1/prosecution), mounted on the evidence router.

The same selectors and services as the pages, so the same rules: full access to the case to read
(404 for everyone else, as for a missing id), a role that edits cases to write (403), a refused
value 400, an edit based on an old version 409.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.core.api_schemas import AuthedRequest, StrictIn, error_responses

from . import selectors_elements, selectors_proceedings, services_elements, services_proceedings
from .selectors_elements import MatrixGroup
from .selectors_proceedings import Proceedings

router = Router(tags=["prosecution"])
WRITE = error_responses(400, 403, 404, 422)
EDIT = error_responses(400, 403, 404, 409, 422)


class StageOut(Schema):
    id: int
    defendant_id: int
    defendant: str = Field(..., description="Pseudonym.")
    stage: str
    stage_code: str
    started_on: dt.date
    deadline_on: dt.date | None
    ended_on: dt.date | None
    prosecutor_id: int | None


class ChargeOut(Schema):
    id: int
    version: int
    defendant_id: int
    offence: str
    articles: str
    aggravations: list[str]
    charged_on: dt.date | None
    stage_id: int | None
    status: str
    prosecutor_id: int | None


class HearingOut(Schema):
    id: int
    version: int
    starts_at: dt.datetime
    court: str
    kind: str
    judge: str
    attendees: str
    defendant_ids: list[int]
    victim_id: int | None
    participation: list[str]
    result: str
    next_on: dt.date | None


class ReparationOut(Schema):
    victim_id: int
    amount: Decimal
    currency: str


class AppealOut(Schema):
    id: int
    kind: str
    filed_on: dt.date
    filed_by: str
    outcome: str
    decided_on: dt.date | None


class JudgmentOut(Schema):
    id: int
    defendant_id: int
    decided_on: dt.date
    court: str
    verdict: str
    sentence_years: Decimal | None
    fine: Decimal | None
    currency: str
    reparations: list[ReparationOut]
    appeals: list[AppealOut]


class MeasureOut(Schema):
    id: int
    person_id: int
    kind: str
    ordered_by: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str


class ProceedingsOut(Schema):
    case_id: int
    stages: list[StageOut]
    charges: list[ChargeOut]
    hearings: list[HearingOut]
    judgments: list[JudgmentOut]
    measures: list[MeasureOut]


def _stage(s) -> dict:
    return {"id": s.pk, "defendant_id": s.defendant_id, "defendant": s.defendant.person.pseudonym,
            "stage": s.stage.name, "stage_code": s.stage.code, "started_on": s.started_on,
            "deadline_on": s.deadline_on, "ended_on": s.ended_on, "prosecutor_id": s.prosecutor_id}


def _charge(c) -> dict:
    return {"id": c.pk, "version": c.version, "defendant_id": c.defendant_id, "offence": c.offence.code,
            "articles": c.articles, "aggravations": c.aggravations, "charged_on": c.charged_on,
            "stage_id": c.stage_id, "status": c.status, "prosecutor_id": c.prosecutor_id}


def _hearing(h) -> dict:
    h = selectors_proceedings.with_defendants(h)
    return {"id": h.pk, "version": h.version, "starts_at": h.starts_at, "court": h.court, "kind": h.kind,
            "judge": h.judge, "attendees": h.attendees, "defendant_ids": sorted(d.pk for d in h.defendant_list),
            "victim_id": h.victim_id, "participation": h.participation, "result": h.result, "next_on": h.next_on}


def _judgment(j) -> dict:
    j = selectors_proceedings.with_outcomes(j)
    return {"id": j.pk, "defendant_id": j.defendant_id, "decided_on": j.decided_on, "court": j.court,
            "verdict": j.verdict, "sentence_years": j.sentence_years, "fine": j.fine, "currency": j.currency,
            "reparations": [{"victim_id": r.victim_id, "amount": r.amount, "currency": r.currency}
                            for r in j.reparation_list],
            "appeals": [{"id": a.pk, "kind": a.kind, "filed_on": a.filed_on, "filed_by": a.filed_by,
                         "outcome": a.outcome, "decided_on": a.decided_on} for a in j.appeal_list]}


def _measure(m) -> dict:
    return {"id": m.pk, "person_id": m.person_id, "kind": m.kind, "ordered_by": m.ordered_by,
            "starts_on": m.starts_on, "ends_on": m.ends_on, "status": m.status}


def _proceedings(p: Proceedings) -> dict:
    return {"case_id": p.case.pk, "stages": [_stage(s) for s in p.stages], "charges": [_charge(c) for c in p.charges],
            "hearings": [_hearing(h) for h in p.hearings], "judgments": [_judgment(j) for j in p.judgments],
            "measures": [_measure(m) for m in p.measures]}


@router.get("/cases/{case_id}/proceedings", response={200: ProceedingsOut, **error_responses(404)},
            operation_id="proceedings_get")
def proceedings_get(request: AuthedRequest, case_id: int):
    return _proceedings(selectors_proceedings.proceedings_get(actor=request.auth, case_id=case_id))


class StageIn(StrictIn):
    defendant_id: int
    stage_id: int
    started_on: dt.date
    prosecutor_id: int | None = None


@router.post("/cases/{case_id}/stages", response={201: StageOut, **WRITE}, operation_id="stage_enter")
def stage_enter(request: AuthedRequest, case_id: int, payload: StageIn):
    entry = services_proceedings.stage_enter(actor=request.auth, case_id=case_id, **payload.dict())
    return Status(201, _stage(entry))


class ChargeIn(StrictIn):
    defendant_id: int
    offence_id: int
    articles: str = Field("", max_length=200)
    aggravations: list[str] = Field(default_factory=list, description="Keys of the offence's aggravations.")
    charged_on: dt.date | None = None
    stage_id: int | None = None
    status: str = Field("pending", description="pending, filed or withdrawn.")
    prosecutor_id: int | None = None


@router.post("/cases/{case_id}/charges", response={201: ChargeOut, **WRITE}, operation_id="charge_create")
def charge_create(request: AuthedRequest, case_id: int, payload: ChargeIn):
    return Status(201, _charge(services_proceedings.charge_create(actor=request.auth, case_id=case_id,
                                                                  **payload.dict())))


class ChargeStatusIn(StrictIn):
    version: int
    status: str
    charged_on: dt.date | None = None


@router.post("/charges/{charge_id}/status", response={200: ChargeOut, **EDIT}, operation_id="charge_status")
def charge_status(request: AuthedRequest, charge_id: int, payload: ChargeStatusIn):
    charge = selectors_proceedings.charge_get(actor=request.auth, charge_id=charge_id)
    return _charge(services_proceedings.charge_set_status(
        actor=request.auth, charge_id=charge.pk, expected_version=payload.version, status=payload.status,
        charged_on=payload.charged_on))


class HearingIn(StrictIn):
    starts_at: dt.datetime
    court: str = Field(..., max_length=200)
    kind: str
    judge: str = Field("", max_length=160)
    attendees: str = Field("", max_length=300)
    defendant_ids: list[int] = Field(default_factory=list)
    victim_id: int | None = None
    participation: list[str] = Field(default_factory=list, description="gesell, video, screens, anticipated, support.")
    prosecutor_id: int | None = None


@router.post("/cases/{case_id}/hearings", response={201: HearingOut, **WRITE}, operation_id="hearing_create")
def hearing_create(request: AuthedRequest, case_id: int, payload: HearingIn):
    return Status(201, _hearing(services_proceedings.hearing_create(actor=request.auth, case_id=case_id,
                                                                    **payload.dict())))


class HearingResultIn(StrictIn):
    version: int
    result: str = Field(..., max_length=4000)
    next_on: dt.date | None = None


@router.post("/hearings/{hearing_id}/result", response={200: HearingOut, **EDIT}, operation_id="hearing_result")
def hearing_result(request: AuthedRequest, hearing_id: int, payload: HearingResultIn):
    hearing = selectors_proceedings.hearing_get(actor=request.auth, hearing_id=hearing_id)
    return _hearing(services_proceedings.hearing_record(actor=request.auth, hearing_id=hearing.pk,
                                                        expected_version=payload.version, result=payload.result,
                                                        next_on=payload.next_on))


class ReparationIn(StrictIn):
    victim_id: int
    amount: Decimal
    currency: str = Field(..., max_length=3)


class JudgmentIn(StrictIn):
    defendant_id: int
    decided_on: dt.date
    court: str = Field(..., max_length=200)
    verdict: str = Field(..., description="convicted, acquitted or dismissed.")
    sentence_years: Decimal | None = None
    fine: Decimal | None = None
    currency: str = Field("", max_length=3)
    charge_id: int | None = None
    reparations: list[ReparationIn] = Field(default_factory=list)


@router.post("/cases/{case_id}/judgments", response={201: JudgmentOut, **WRITE}, operation_id="judgment_create")
def judgment_create(request: AuthedRequest, case_id: int, payload: JudgmentIn):
    data = payload.dict()
    reparations = [(r["victim_id"], r["amount"], r["currency"]) for r in data.pop("reparations")]
    judgment = services_proceedings.judgment_create(actor=request.auth, case_id=case_id, reparations=reparations,
                                                    **data)
    return Status(201, _judgment(judgment))


class AppealIn(StrictIn):
    kind: str = Field(..., description="appeal or cassation.")
    filed_on: dt.date
    filed_by: str = Field(..., max_length=120)
    outcome: str = "pending"
    decided_on: dt.date | None = None


@router.post("/judgments/{judgment_id}/appeals", response={201: AppealOut, **WRITE}, operation_id="appeal_add")
def appeal_add(request: AuthedRequest, judgment_id: int, payload: AppealIn):
    judgment = selectors_proceedings.judgment_get(actor=request.auth, judgment_id=judgment_id)
    a = services_proceedings.appeal_add(actor=request.auth, judgment_id=judgment.pk, **payload.dict())
    return Status(201, {"id": a.pk, "kind": a.kind, "filed_on": a.filed_on, "filed_by": a.filed_by,
                        "outcome": a.outcome, "decided_on": a.decided_on})


class AppealOutcomeIn(StrictIn):
    outcome: str = Field(..., description="upheld, overturned, retrial or modified.")
    decided_on: dt.date


@router.post("/appeals/{appeal_id}/outcome", response={200: AppealOut, **WRITE}, operation_id="appeal_outcome")
def appeal_outcome(request: AuthedRequest, appeal_id: int, payload: AppealOutcomeIn):
    appeal = selectors_proceedings.appeal_get(actor=request.auth, appeal_id=appeal_id)
    a = services_proceedings.appeal_decide(actor=request.auth, appeal_id=appeal.pk, **payload.dict())
    return {"id": a.pk, "kind": a.kind, "filed_on": a.filed_on, "filed_by": a.filed_by, "outcome": a.outcome,
            "decided_on": a.decided_on}


class MeasureIn(StrictIn):
    person_id: int
    kind: str
    ordered_by: str = Field(..., max_length=160)
    starts_on: dt.date
    ends_on: dt.date | None = None
    status: str = "active"


@router.post("/cases/{case_id}/measures", response={201: MeasureOut, **WRITE}, operation_id="measure_create")
def measure_create(request: AuthedRequest, case_id: int, payload: MeasureIn):
    return Status(201, _measure(services_proceedings.measure_create(actor=request.auth, case_id=case_id,
                                                                    **payload.dict())))


class ElementOut(Schema):
    id: int
    version: int
    element: str
    label: str
    required: bool
    status: str
    gap: str | None
    note: str
    evidence_ids: list[int]
    testimony_ids: list[int]
    recorded_at_screening: list[str]


class MatrixOut(Schema):
    defendant_id: int
    defendant: str = Field(..., description="Pseudonym.")
    offence: str
    article: str
    verified: bool = Field(..., description="Whether the offence's text was checked against the official gazette.")
    elements: list[ElementOut]


class ElementsOut(Schema):
    case_id: int
    matrices: list[MatrixOut]
    gaps: list[str]


def _matrix(g: MatrixGroup) -> dict:
    return {"defendant_id": g.defendant.pk, "defendant": g.defendant.person.pseudonym, "offence": g.offence.code,
            "article": g.offence.article, "verified": g.offence.verified,
            "elements": [{"id": r.link.pk, "version": r.link.version, "element": r.link.element, "label": r.label,
                          "required": r.required, "status": r.link.status, "gap": r.gap, "note": r.link.note,
                          "evidence_ids": sorted(i.pk for i in r.evidence),
                          "testimony_ids": sorted(t.pk for t in r.testimonies),
                          "recorded_at_screening": r.screening_labels} for r in g.rows]}


def _elements(case_id: int, groups: list[MatrixGroup]) -> dict:
    return {"case_id": case_id, "matrices": [_matrix(g) for g in groups],
            "gaps": [f"{g.defendant} · {g.offence} · {g}" for g in selectors_elements.gaps_of(groups)]}


@router.get("/cases/{case_id}/elements", response={200: ElementsOut, **error_responses(404)},
            operation_id="elements_get")
def elements_get(request: AuthedRequest, case_id: int):
    case, groups = selectors_elements.element_matrix(actor=request.auth, case_id=case_id)
    return _elements(case.pk, groups)


class MatrixOpenIn(StrictIn):
    defendant_id: int
    offence_id: int


@router.post("/cases/{case_id}/elements", response={201: ElementsOut, **WRITE}, operation_id="elements_open")
def elements_open(request: AuthedRequest, case_id: int, payload: MatrixOpenIn):
    services_elements.matrix_open(actor=request.auth, case_id=case_id, **payload.dict())
    case, groups = selectors_elements.element_matrix(actor=request.auth, case_id=case_id)
    return Status(201, _elements(case.pk, groups))


class ElementIn(StrictIn):
    version: int
    status: str = Field(..., description="established, supported, weak or missing.")
    note: str = Field("", max_length=2000)
    evidence_ids: list[int] = Field(default_factory=list)
    testimony_ids: list[int] = Field(default_factory=list, description="Victims, witnesses or reporting persons.")


@router.put("/elements/{link_id}", response={200: ElementsOut, **EDIT}, operation_id="element_update")
def element_update(request: AuthedRequest, link_id: int, payload: ElementIn):
    link = selectors_elements.element_link_get(actor=request.auth, link_id=link_id)
    services_elements.element_update(actor=request.auth, link_id=link.pk, expected_version=payload.version,
                                     status=payload.status, note=payload.note, evidence_ids=payload.evidence_ids,
                                     testimony_ids=payload.testimony_ids)
    case, groups = selectors_elements.element_matrix(actor=request.auth, case_id=link.case_id)
    return _elements(case.pk, groups)
