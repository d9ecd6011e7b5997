"""Links over the API: hits (with the hit / no-hit signal for hidden data), the review
queue, decisions, the network around a case or person, and routes.

Same selectors and services as the web pages, so the same need-to-know rule: a hidden
match appears only as ``{"holder": "<unit name>", "holder_token": ...}``, with no case,
title, pseudonym, score or reasons. API clients hold no session reveals, so protected
persons appear by pseudonym.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema

from enlace.accounts.requests import ApiRequest
from enlace.cases.selectors import case_get
from enlace.core.api_schemas import StrictIn, error_responses
from enlace.persons.selectors import person_get

from .graph import network_around
from .graph_view import analyse, to_elements
from .models import Decision, MatchCandidate
from .node_ids import public_node_ids, unseal
from .routes import route_summary
from .selectors import PersonHits, candidate_get, case_hits, person_hits, review_queue
from .services_review import match_decide

router = Router(tags=["links"])


class ReasonOut(Schema):
    field: str
    level: str
    weight: float


class CaseRefOut(Schema):
    case_id: UUID = Field(..., description="The case's public id.")
    title: str
    role: str


class VisibleHitOut(Schema):
    candidate_id: int | None
    person_id: UUID = Field(..., description="The person's public id.")
    label: str = Field(..., description="Name when the identity is visible to the caller, else the pseudonym.")
    kind: str
    status: str
    score: float | None
    reasons: list[ReasonOut]
    cases: list[CaseRefOut]


class HiddenHitOut(Schema):
    holder: str = Field(..., description="Name of the unit (or institution) holding the hidden record.")
    holder_token: str = Field(..., description="Pass to the request-for-information form.")


class PersonHitsOut(Schema):
    person_id: UUID = Field(..., description="The person's public id.")
    label: str
    visible: list[VisibleHitOut]
    other_cases: list[CaseRefOut]
    hidden: list[HiddenHitOut]


def _hits_out(hits: PersonHits) -> dict:
    return {
        "person_id": hits.person.public_id, "label": hits.label,
        "visible": [{"candidate_id": h.candidate.pk if h.candidate else None, "person_id": h.person.public_id,
                     "label": h.label, "kind": h.kind, "status": h.status, "score": h.score,
                     "reasons": [{"field": r["field"], "level": r["level"], "weight": r["weight"]} for r in h.reasons],
                     "cases": [{"case_id": c["case_public_id"], "title": c["title"], "role": c["role"]} for c in h.cases]}
                    for h in hits.visible],
        "other_cases": [{"case_id": c["case_public_id"], "title": c["title"], "role": c["role"]} for c in hits.other_cases],
        "hidden": [{"holder": h.name, "holder_token": h.token} for h in hits.hidden],
    }


@router.get("/persons/{uuid:person_id}/hits", response={200: PersonHitsOut, **error_responses(404)},
            operation_id="links_person_hits")
def person_hits_api(request: ApiRequest, person_id: UUID) -> dict[str, Any]:
    """Matches of a person in other cases; hidden ones only as the holder's name."""
    person = person_get(actor=request.auth, person_id=person_id)
    return _hits_out(person_hits(actor=request.auth, person=person))


@router.get("/cases/{uuid:case_id}/hits", response={200: list[PersonHitsOut], **error_responses(404)},
            operation_id="links_case_hits")
def case_hits_api(request: ApiRequest, case_id: UUID) -> list[dict[str, Any]]:
    case, _access = case_get(actor=request.auth, case_id=case_id)
    return [_hits_out(h) for h in case_hits(actor=request.auth, case=case)]


class CandidateOut(Schema):
    id: int
    person_a_id: UUID = Field(..., description="The first person's public id.")
    person_b_id: UUID = Field(..., description="The second person's public id.")
    kind: str
    status: str
    source: str
    score: float
    reasons: list[ReasonOut]


def _candidate_out(c: MatchCandidate) -> dict[str, Any]:
    return {"id": c.pk, "person_a_id": c.person_a.public_id, "person_b_id": c.person_b.public_id, "kind": c.kind,
            "status": c.status, "source": c.source, "score": c.score,
            "reasons": [{"field": r["field"], "level": r["level"], "weight": r["weight"]} for r in c.reasons]}


@router.get("/review", response={200: list[CandidateOut], **error_responses()}, operation_id="links_review_queue")
def review_api(request: ApiRequest, limit: int = 100) -> list[dict[str, Any]]:
    """Proposed (and unsure) same-person matches the caller may decide, best first."""
    return [_candidate_out(c) for c in review_queue(actor=request.auth)[: max(1, min(limit, 500))]]


class DecisionIn(StrictIn):
    decision: Decision
    note: str = Field("", max_length=2000)


@router.post("/candidates/{candidate_id}/decisions", response={200: CandidateOut, **error_responses(400, 403, 404)},
             operation_id="links_decide")
def decide_api(request: ApiRequest, candidate_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Same person (merges), not the same, or unsure; a new decision supersedes the last one."""
    candidate = candidate_get(actor=request.auth, candidate_id=candidate_id)
    match_decide(actor=request.auth, candidate=candidate, decision=Decision(payload.decision).value, note=payload.note)
    candidate.refresh_from_db()
    return _candidate_out(candidate)


@router.get("/network", response={200: dict, **error_responses(404)}, operation_id="links_network")
def network_api(request: ApiRequest, center: str, hops: int = 2) -> dict[str, Any]:
    """Cytoscape elements around ``center`` ("case:<public id>" or "person:<public id>"), with analytics."""
    internal = unseal(center, actor=request.auth)
    net = network_around(actor=request.auth, center=internal, hops=hops) if internal else None
    if net is None:
        raise Http404
    return to_elements(net, analyse(net), public_id=public_node_ids(net.graph, actor=request.auth))


class RouteOut(Schema):
    origin: str
    transits: list[str]
    destination: str
    cases: int
    victims: int
    crosses_border: bool


@router.get("/routes", response={200: list[RouteOut], **error_responses()}, operation_id="links_routes")
def routes_api(request: ApiRequest, level: str = "country") -> list[dict[str, Any]]:
    """Routes of the visible cases: ISO codes of country (or department), counts per route."""
    summary = route_summary(actor=request.auth, level=level)
    return [{"origin": r.origin, "transits": list(r.transits), "destination": r.destination, "cases": r.cases,
             "victims": r.victims, "crosses_border": r.crosses_border} for r in summary.routes]
