"""Capacity over the API (/api/v1/capacity): questionnaire templates, rounds and their results with the
SWOT matrix, action plans, courses and sessions, coverage.

The same selectors and services as the pages, so the same rules: everything here is the capacity
manager's (others get 403 on lists and 404 on objects, as for a missing id), except a respondent's
own questionnaires. Staff names appear only in session participant lists, never in coverage.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import StrictIn, UnitRef, error_responses, ref

from . import coverage, selectors, selectors_training, services
from .models import Round, SwotItem
from .questionnaire import localized
from .vocabulary import ActionStatus

router = Router(tags=["capacity"])


class TemplateOut(Schema):
    id: int
    code: str
    version: int
    title: str
    source: dict
    areas: list[dict] = Field(..., description="Areas with their questions; external questions feed O/T.")
    scale: list[dict]


@router.get("/templates", response={200: list[TemplateOut], **error_responses(403)}, operation_id="capacity_templates")
def capacity_templates(request: ApiRequest):
    return [{"id": t.pk, "code": t.code, "version": t.version, "title": localized(t.content["title"]),
             "source": t.content["source"], "areas": t.content["areas"], "scale": t.content["scale"]}
            for t in selectors.template_list(actor=request.auth)]


class RoundOut(Schema):
    id: int
    version: int
    title: str
    year: int
    period: str
    status: str
    template_id: int
    strength_at: Decimal
    weakness_at: Decimal
    units: list[UnitRef]


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "version": r.version, "title": r.title, "year": r.year, "period": r.period,
            "status": r.status, "template_id": r.template_id, "strength_at": r.strength_at,
            "weakness_at": r.weakness_at, "units": [ref(ru.unit) for ru in r.round_units.select_related("unit")]}


@router.get("/rounds", response={200: list[RoundOut], **error_responses(403)}, operation_id="capacity_rounds")
def capacity_rounds(request: ApiRequest):
    return [_round_out(r) for r in selectors.round_list(actor=request.auth)[:500]]


@router.get("/rounds/{int:round_id}", response={200: RoundOut, **error_responses(404)},
            operation_id="capacity_round_get")
def capacity_round_get(request: ApiRequest, round_id: int):
    return _round_out(selectors.round_get(actor=request.auth, round_id=round_id))


class ScoreOut(Schema):
    mean: Decimal | None
    n: int
    spread: Decimal | None


class SwotItemOut(Schema):
    id: int
    quadrant: str
    text: str
    area: str
    question: str
    score: Decimal | None
    origin: str


class UnitResultOut(Schema):
    round_unit_id: int
    unit: UnitRef
    respondents: int
    submitted: int
    areas: dict[str, ScoreOut]
    external_questions: dict[str, ScoreOut]
    swot: list[SwotItemOut] | None = Field(None, description="The matrix, once drawn up (null before).")
    swot_validated_at: dt.datetime | None


def _score(s) -> dict:
    return {"mean": s.mean, "n": s.n, "spread": s.spread}


def _item(i: SwotItem) -> dict:
    return {"id": i.pk, "quadrant": i.quadrant, "text": i.text, "area": i.area, "question": i.question,
            "score": i.score, "origin": i.origin}


@router.get("/rounds/{int:round_id}/results", response={200: list[UnitResultOut], **error_responses(404)},
            operation_id="capacity_round_results")
def capacity_round_results(request: ApiRequest, round_id: int):
    """Scores per area (mean, number of ratings, spread) and the SWOT matrix of each unit assessed."""
    rnd = selectors.round_get(actor=request.auth, round_id=round_id)
    out = []
    for res in selectors.round_results(actor=request.auth, round=rnd):
        matrix = getattr(res.round_unit, "matrix", None)
        out.append({"round_unit_id": res.round_unit.pk, "unit": ref(res.round_unit.unit),
                    "respondents": res.respondents, "submitted": res.submitted,
                    "areas": {k: _score(v) for k, v in res.areas.items()},
                    "external_questions": {k: _score(v) for k, v in res.externals.items()},
                    "swot": [_item(i) for i in matrix.items.all()] if matrix else None,
                    "swot_validated_at": matrix.validated_at if matrix else None})
    return out


class ActionOut(Schema):
    id: int
    version: int
    round_unit_id: int
    title: str
    owner: str
    due_on: dt.date
    status: ActionStatus
    weakness_id: int | None
    course_id: int | None


def _action(a) -> dict:
    return {"id": a.pk, "version": a.version, "round_unit_id": a.round_unit_id, "title": a.title, "owner": a.owner,
            "due_on": a.due_on, "status": a.status, "weakness_id": a.weakness_id, "course_id": a.course_id}


@router.get("/actions", response={200: list[ActionOut], **error_responses(403)}, operation_id="capacity_actions")
def capacity_actions(request: ApiRequest):
    return [_action(a) for a in selectors.action_list(actor=request.auth)[:1000]]


class ActionIn(StrictIn):
    round_unit_id: int
    title: str = Field(..., min_length=1, max_length=300)
    owner: str = Field(..., min_length=1, max_length=200)
    due_on: dt.date
    weakness_id: int | None = None
    course_id: int | None = None


@router.post("/actions", response={201: ActionOut, **error_responses(400, 404, 422)},
             operation_id="capacity_action_create")
def capacity_action_create(request: ApiRequest, payload: ActionIn):
    """An action of a unit's plan; ``weakness_id`` must be a weakness of that unit's matrix."""
    actor = request.auth
    round_unit = selectors.round_unit_get(actor=actor, round_unit_id=payload.round_unit_id)
    weakness = SwotItem.objects.select_related("matrix").filter(pk=payload.weakness_id).first() \
        if payload.weakness_id else None
    if payload.weakness_id and weakness is None:
        raise ValidationError({"weakness_id": [_("Choose a weakness of this unit's matrix.")]})
    course = selectors_training.course_get(actor=actor, course_id=payload.course_id) if payload.course_id else None
    action = services.action_create(actor=actor, round_unit=round_unit, title=payload.title, owner=payload.owner,
                                    due_on=payload.due_on, weakness=weakness, course=course)
    return Status(201, _action(action))


class CourseOut(Schema):
    id: int
    title: str
    provider: str
    provider_name: str
    modules: list[str]
    hours: int
    modality: str
    competencies: list[str]
    validity_months: int | None


@router.get("/courses", response={200: list[CourseOut], **error_responses(403)}, operation_id="capacity_courses")
def capacity_courses(request: ApiRequest):
    return [{"id": c.pk, "title": c.title, "provider": c.provider, "provider_name": c.provider_name,
             "modules": c.modules, "hours": c.hours, "modality": c.modality, "competencies": c.competencies,
             "validity_months": c.validity_months} for c in selectors_training.course_list(actor=request.auth)]


class SessionOut(Schema):
    id: int
    course_id: int
    starts_on: dt.date
    ends_on: dt.date
    place: str
    trainers: str
    participants: int
    completed: int


@router.get("/sessions", response={200: list[SessionOut], **error_responses(403)}, operation_id="capacity_sessions")
def capacity_sessions(request: ApiRequest):
    return [{"id": s.pk, "course_id": s.course_id, "starts_on": s.starts_on, "ends_on": s.ends_on, "place": s.place,
             "trainers": s.trainers, "participants": s.n_participants, "completed": s.n_completed}
            for s in selectors_training.session_list(actor=request.auth)[:1000]]


class CellOut(Schema):
    competency: str
    trained: int
    members: int
    share: Decimal | None
    gap: bool


class GroupCoverageOut(Schema):
    kind: str = Field(..., description="unit or team")
    id: int
    name: str
    members: int
    cells: list[CellOut]


@router.get("/coverage", response={200: list[GroupCoverageOut], **error_responses(403, 422)},
            operation_id="capacity_coverage")
def capacity_coverage(request: ApiRequest, on: dt.date | None = None, threshold: Decimal | None = None):
    """Per unit and team: members with a valid certificate in each competency on ``on`` (default today)."""
    groups = coverage.coverage(actor=request.auth, on=on or timezone.localdate(), threshold=threshold)
    return [{"kind": g.kind, "id": g.group_id, "name": g.name, "members": g.members,
             "cells": [c.__dict__ for c in g.cells]} for g in groups]


class QuestionnaireOut(Schema):
    id: int
    round: str
    year: int
    unit: UnitRef
    submitted_at: dt.datetime | None


@router.get("/questionnaires", response={200: list[QuestionnaireOut], **error_responses()}, operation_id="capacity_my_questionnaires")
def capacity_my_questionnaires(request: ApiRequest):
    """The questionnaires you were asked to answer (any role), in open rounds."""
    return [{"id": r.pk, "round": r.round_unit.round.title, "year": r.round_unit.round.year,
             "unit": ref(r.round_unit.unit), "submitted_at": r.submitted_at}
            for r in selectors.questionnaires_for(actor=request.auth)]
