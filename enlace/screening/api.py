"""Screening over the API: stateless scoring, and the caller's own screenings (create, read, change a
draft, complete, delete a draft).

``POST /screening/score`` goes through ``selectors.score_input``, the same function as ``enlace screen``,
which calls the pure engine: UI, CLI and API cannot disagree on a result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.accounts.models import User
from enlace.accounts.requests import ApiRequest
from enlace.cases.vocabulary import ExploitationForm
from enlace.core.api_schemas import StrictIn, TeamRef, error_responses, omittable, ref
from enlace.core.errors import Conflict, Forbidden
from enlace.geo.models import Municipality
from enlace.persons.models import Sex

from . import services, services_identity
from .models import PalermoAct, PalermoMeans, PalermoPurpose, Screening
from .selectors import (
    ScoringInputError,
    can_edit_screening,
    score_input,
    screening_case_visible,
    screening_get,
    screening_identity,
    screening_list,
)

router = Router(tags=["screening"])


def _require_screener(actor: User, *, create: bool = False) -> None:
    if not (actor.can_screen if create else (actor.can_screen or actor.can_work_cases)):
        raise Forbidden


# ---------------------------------------------------------------- scoring

class ScoreIn(StrictIn):
    """Name the list by ``instrument`` (its key), or give ``exploitation`` and let the age pick the list."""

    instrument: str | None = Field(None, max_length=80, examples=["ilo-ec-2009-adult-labour"])
    version: str | None = Field(None, max_length=20, description="A version of that list; default: the one in use.")
    exploitation: Literal["labour", "sexual"] | None = None
    yes: list[str] = Field(default_factory=list, max_length=200, description="Indicator keys answered yes.")
    age: int | None = Field(None, ge=0, le=120, description="Age at the time of exploitation; null: unknown.")


@router.post("/score", response={200: dict[str, Any], **error_responses(400, 403, 422)}, operation_id="screening_score")
def score_view(request: ApiRequest, payload: ScoreIn) -> dict[str, Any]:
    """Score answers without storing anything. Unknown list or indicator keys are a 400, never a zero."""
    _require_screener(request.auth)
    data = payload.dict(exclude_none=True)
    data.setdefault("age", None)
    try:
        return score_input(data)
    except ScoringInputError as exc:
        raise ValidationError({"yes" if "indicator" in str(exc) else "instrument": [str(exc)]}) from None


# ---------------------------------------------------------------- screenings

Acts = list[PalermoAct]
Means = list[PalermoMeans]
Purposes = list[PalermoPurpose]


class ScreeningIn(StrictIn):
    exploitation: Literal["labour", "sexual"]
    age_at_exploitation: int | None = Field(None, ge=0, le=120, description="Null: unknown (both lists are asked).")
    screened_on: dt.date | None = None
    country: str = Field(..., min_length=2, max_length=2)
    subdivision: str = Field("", max_length=8)
    municipality: str = Field("", max_length=16, description="Municipality code.")
    place_description: str = Field("", max_length=200)
    anonymous: bool = True
    given_names: str = Field("", max_length=200)
    first_surname: str = Field("", max_length=100)
    second_surname: str = Field("", max_length=100)
    sex: Sex = Sex.UNKNOWN
    nationality: str = Field("", max_length=2)
    yes: list[str] = Field(default_factory=list, max_length=200)
    palermo_acts: Acts = Field(default_factory=list)
    palermo_means: Means = Field(default_factory=list)
    palermo_purposes: Purposes = Field(default_factory=list)
    forms_of_exploitation: list[ExploitationForm] = Field(default_factory=list)
    observations: str = Field("", max_length=5000)
    complete: bool = Field(False, description="Score and complete now (a completed screening cannot change).")


class ScreeningPatch(StrictIn):
    version: int
    anonymous: bool = omittable()
    given_names: str = omittable(max_length=200)
    first_surname: str = omittable(max_length=100)
    second_surname: str = omittable(max_length=100)
    sex: Sex = omittable()
    nationality: str = omittable(max_length=2)
    yes: list[str] = omittable(max_length=200)
    palermo_acts: Acts = omittable()
    palermo_means: Means = omittable()
    palermo_purposes: Purposes = omittable()
    forms_of_exploitation: list[ExploitationForm] = omittable()
    observations: str = omittable(max_length=5000)
    complete: bool = False


class ScreeningOut(Schema):
    id: UUID = Field(..., description="The screening's public id (random).")
    version: int
    pseudonym: str
    status: str
    exploitation: str
    age_at_exploitation: int | None
    screened_on: dt.date
    country: str
    subdivision: str
    place_description: str
    anonymous: bool
    identity_visible: bool = Field(..., description="False: the names are null (a reveal with a reason shows them).")
    given_names: str | None
    first_surname: str | None
    second_surname: str | None
    sex: str
    nationality: str
    instruments: list[str] = Field(..., description="key@version of each list asked.")
    yes: list[str]
    palermo_acts: list[str]
    palermo_means: list[str]
    palermo_purposes: list[str]
    forms_of_exploitation: list[str]
    outcome: str
    result: dict[str, Any] | None
    handed_to_team: TeamRef | None
    converted: bool
    case_id: UUID | None = Field(None, description="The case's public id, only when the caller may fully see that case.")


def screening_out(actor: User, s: Screening, *, reveals: dict | None = None) -> dict[str, Any]:
    """The screening as the caller may see it: names only through the identity gate.

    ``reveals``: only the one a reveal service just granted, for this answer.
    """
    case = s.case if s.case_id and screening_case_visible(actor=actor, screening=s) else None
    case_id = case.public_id if case is not None else None
    identity = screening_identity(actor=actor, screening=s, reveals=reveals)
    names = ({"given_names": identity.given_names, "first_surname": identity.first_surname,
              "second_surname": identity.second_surname} if identity.visible
             else dict.fromkeys(("given_names", "first_surname", "second_surname")))
    return names | {
        "id": s.public_id, "version": s.version, "pseudonym": s.pseudonym, "status": s.status, "exploitation": s.exploitation,
        "age_at_exploitation": s.age_at_exploitation, "screened_on": s.screened_on, "country": s.country,
        "subdivision": s.subdivision, "place_description": s.place_description, "anonymous": s.anonymous,
        "identity_visible": identity.visible, "sex": s.sex, "nationality": s.nationality, "instruments": s.instrument_labels, "yes": s.answers,
        "palermo_acts": s.palermo_acts, "palermo_means": s.palermo_means, "palermo_purposes": s.palermo_purposes,
        "forms_of_exploitation": s.forms_of_exploitation, "outcome": s.outcome, "result": s.result,
        "handed_to_team": ref(s.handed_to_team), "converted": s.is_converted, "case_id": case_id,
    }


def _municipality(code: str) -> Municipality | None:
    if not code:
        return None
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({"municipality": [_("Unknown municipality code.")]})
    return found


@router.get("/screenings", response={200: list[ScreeningOut], **error_responses(403)}, operation_id="screening_list")
def screenings_list(request: ApiRequest, status: Literal["draft", "completed"] | None = None) -> list[dict[str, Any]]:
    """Screenings the caller may see: their own, their unit's (supervisors), their team's."""
    actor = request.auth
    _require_screener(actor)
    return [screening_out(actor, s) for s in screening_list(actor=actor, status=status or "")[:500]]


@router.post("/screenings", response={201: ScreeningOut, **error_responses(400, 403, 422)},
             operation_id="screening_create")
def screenings_create(request: ApiRequest, payload: ScreeningIn) -> Status:
    """One request, one transaction: a wrong answer key leaves no half-made draft behind."""
    actor = request.auth
    _require_screener(actor, create=True)
    with transaction.atomic():
        s = _create(actor, payload)
    return Status(201, screening_out(actor, screening_get(actor=actor, screening_id=s.public_id)))


def _create(actor: User, payload: ScreeningIn) -> Screening:
    s = services.screening_start(actor=actor, exploitation=payload.exploitation,
                                 age_at_exploitation=payload.age_at_exploitation, country=payload.country,
                                 subdivision=payload.subdivision, municipality=_municipality(payload.municipality),
                                 place_description=payload.place_description, screened_on=payload.screened_on)
    s = services.screening_set_identity(actor=actor, screening=s, expected_version=s.version,
                                        anonymous=payload.anonymous, given_names=payload.given_names,
                                        first_surname=payload.first_surname, second_surname=payload.second_surname,
                                        sex=Sex(payload.sex).value, nationality=payload.nationality)
    s = services.screening_set_answers(actor=actor, screening=s, expected_version=s.version, yes=payload.yes)
    s = services.screening_set_elements(
        actor=actor, screening=s, expected_version=s.version, acts=[str(v) for v in payload.palermo_acts],
        means=[str(v) for v in payload.palermo_means], purposes=[str(v) for v in payload.palermo_purposes],
        forms_of_exploitation=[str(v) for v in payload.forms_of_exploitation], observations=payload.observations)
    if payload.complete:
        s = services.screening_complete(actor=actor, screening=s, expected_version=s.version)
    return s


@router.get("/screenings/{uuid:screening_id}", response={200: ScreeningOut, **error_responses(404)},
            operation_id="screening_get")
def screenings_get(request: ApiRequest, screening_id: UUID) -> dict[str, Any]:
    actor = request.auth
    return screening_out(actor, screening_get(actor=actor, screening_id=screening_id))


class RevealIn(StrictIn):
    reason: str = Field(..., max_length=500, description="Why the names are needed (at least 10 characters).")


@router.post("/screenings/{uuid:screening_id}/reveal",
             response={200: ScreeningOut, **error_responses(400, 403, 404, 422)}, operation_id="screening_reveal")
def screenings_reveal(request: ApiRequest, screening_id: UUID, payload: RevealIn):
    """The names recorded with a screening, for this answer only; the reason is audited."""
    actor = request.auth
    s = screening_get(actor=actor, screening_id=screening_id)  # the reveal entry records the access
    given = services_identity.screening_identity_reveal(actor=actor, screening=s, reason=payload.reason)
    return screening_out(actor, s, reveals=given)


@router.patch("/screenings/{uuid:screening_id}", response={200: ScreeningOut, **error_responses(400, 404, 409, 422)},
              operation_id="screening_update")
def screenings_update(request: ApiRequest, screening_id: UUID, payload: ScreeningPatch) -> dict[str, Any]:
    """Change a draft of your own (send ``version``); ``complete: true`` scores and closes it."""
    actor = request.auth
    with transaction.atomic():
        s = _update(actor, screening_get(actor=actor, screening_id=screening_id), payload)
    return screening_out(actor, screening_get(actor=actor, screening_id=s.public_id))


def _update(actor: User, s: Screening, payload: ScreeningPatch) -> Screening:
    if not can_edit_screening(actor, s):
        raise ValidationError({"__all__": [_("Only the author can change a screening, and only while it is a draft.")]})
    given = payload.dict(exclude_unset=True)
    version = given.pop("version")
    if s.version != version:

        raise Conflict(current_version=s.version)
    identity = {k: given[k] for k in ("anonymous", "given_names", "first_surname", "second_surname", "sex",
                                      "nationality") if k in given}
    if identity:
        current: dict[str, Any] = {"anonymous": s.anonymous, "given_names": s.given_names, "first_surname": s.first_surname,
                   "second_surname": s.second_surname, "sex": s.sex, "nationality": s.nationality}
        merged = current | identity
        merged["sex"] = Sex(merged["sex"]).value
        s = services.screening_set_identity(actor=actor, screening=s, expected_version=s.version, **merged)
    if "yes" in given:
        s = services.screening_set_answers(actor=actor, screening=s, expected_version=s.version, yes=given["yes"])
    element_fields = ("palermo_acts", "palermo_means", "palermo_purposes", "forms_of_exploitation", "observations")
    if any(k in given for k in element_fields):
        s = services.screening_set_elements(
            actor=actor, screening=s, expected_version=s.version,
            acts=[str(v) for v in given.get("palermo_acts", s.palermo_acts)],
            means=[str(v) for v in given.get("palermo_means", s.palermo_means)],
            purposes=[str(v) for v in given.get("palermo_purposes", s.palermo_purposes)],
            forms_of_exploitation=[str(v) for v in given.get("forms_of_exploitation", s.forms_of_exploitation)],
            observations=given.get("observations", s.observations))
    if given.get("complete"):
        s = services.screening_complete(actor=actor, screening=s, expected_version=s.version)
    return s


@router.delete("/screenings/{uuid:screening_id}", response={204: None, **error_responses(400, 404)},
               operation_id="screening_delete")
def screenings_delete(request: ApiRequest, screening_id: UUID) -> Status:
    """Delete a draft of your own; a completed screening is a record and stays."""
    actor = request.auth
    s = screening_get(actor=actor, screening_id=screening_id)
    try:
        services.screening_discard(actor=actor, screening=s)
    except PermissionDenied:
        raise Forbidden from None
    return Status(204, None)
