"""Cases over the API: list, open, read, edit (optimistic locking), status, persons in roles.

Same need-to-know rule as the UI (``access.py``): a case the caller may not see is a 404
with the same body as a missing id, and lists only count visible cases. Writes go through
the services, which validate and audit; this module only translates JSON to arguments.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from enlace.accounts.models import Institution, Team, Unit, User
from enlace.accounts.requests import ApiRequest
from enlace.cases.services import CaseChanges
from enlace.cases.services_persons import RoleFields
from enlace.core.api_schemas import (
    InstitutionRef,
    PageIn,
    StrictIn,
    TeamRef,
    UnitRef,
    db_int,
    error_responses,
    omittable,
    ref,
)
from enlace.core.errors import Forbidden, NotFound
from enlace.persons.api import PersonIn, PersonRef, person_ref
from enlace.persons.selectors import person_get

from .models import Case, CasePerson
from .selectors import (
    CaseFilters,
    can_write_case,
    case_full_access,
    case_get,
    case_list,
    case_overview_places,
    case_person_get,
    case_persons,
    reference_numbers,
)
from .services import case_create, case_status_change, case_update
from .services_persons import case_person_add, case_person_update
from .vocabulary import (
    CaseStatus,
    ExploitationForm,
    LabourSector,
    MeansOfControl,
    ParticipantRole,
    PerpetratorRole,
    RecruiterRelation,
    StatusDecidedBy,
    TraffickingStatus,
)

router = Router(tags=["cases"])


# --- schemas ---------------------------------------------------------------------------

class CaseFilterIn(Schema):
    q: str = Field("", max_length=200, description="Words in the title, reference numbers or tags.")
    status: CaseStatus | None = None
    form: ExploitationForm | None = Field(None, description="Form of exploitation.")
    transnational: bool | None = None
    team_id: int | None = db_int()
    subdivision: str = Field("", max_length=8, description="ISO 3166-2 code, e.g. BO-L.")


class ReferenceOut(Schema):
    institution: str = Field(..., description="Institution code.")
    number: str


class PlaceOut(Schema):
    kind: str
    country: str
    subdivision: str
    description: str
    date_from: dt.date | None
    date_to: dt.date | None


class CaseListItem(Schema):
    id: UUID = Field(..., description="The case's public id (random; integer keys never leave the server).")
    version: int
    title: str
    status: str
    forms_of_exploitation: list[str]
    labour_sectors: list[str]
    tags: list[str]
    is_transnational: bool
    reported_on: dt.date | None
    lead_institution: InstitutionRef
    lead_unit: UnitRef | None
    team: TeamRef | None
    references: list[ReferenceOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class CasePage(Schema):
    items: list[CaseListItem]
    count: int = Field(..., description="Visible cases matching the filters (all pages).")
    page: int
    page_size: int


class CaseOut(CaseListItem):
    summary: str | None = Field(..., description="null with 'summary' access: a summary may mention persons.")
    access: str = Field(..., description="'full' or 'summary' (a sharing without persons).")
    can_edit: bool
    places: list[PlaceOut]


class CaseCreateIn(StrictIn):
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=20000)
    lead_institution_id: int | None = Field(None, description="Default: the caller's first institution.")
    lead_unit_id: int | None = None
    team_id: int | None = Field(None, description="One of the caller's teams; none: the caller is added by name.")
    forms_of_exploitation: list[ExploitationForm] = Field(default_factory=list)
    labour_sectors: list[LabourSector] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, max_length=30)
    reported_on: dt.date | None = None
    reference_number: str = Field("", max_length=60)
    confirm_unlikely: bool = Field(False, description="Keep values questioned as unlikely (a future date, an age "
                                   "the birth date contradicts) after checking them.")


class CaseUpdateIn(StrictIn):
    """Send only the fields to change, with the ``version`` you read. ``null`` is refused
    for text and list fields (send an empty value instead)."""

    version: int = Field(..., ge=1)
    title: str = omittable(min_length=1, max_length=200)
    summary: str = omittable(max_length=20000)
    forms_of_exploitation: list[ExploitationForm] = omittable()
    labour_sectors: list[LabourSector] = omittable()
    tags: list[str] = omittable(max_length=30)
    team_id: int | None = None
    lead_unit_id: int | None = None
    reported_on: dt.date | None = None
    confirm_unlikely: bool = Field(False, description="Keep values questioned as unlikely (a future date, an age "
                                   "the birth date contradicts) after checking them.")


class StatusIn(StrictIn):
    version: int = Field(..., ge=1)
    to_status: CaseStatus
    note: str = Field("", max_length=500)


class RoleFieldsIn(StrictIn):
    perpetrator_roles: list[PerpetratorRole] = omittable()
    age_at_exploitation: int | None = Field(None, ge=0, le=120)
    means_of_control: list[MeansOfControl] = omittable()
    recruiter_relation: RecruiterRelation | None = None
    trafficking_status: TraffickingStatus | None = None
    status_decided_by: StatusDecidedBy | None = None
    notes: str = omittable(max_length=5000)


class ParticipantAddIn(RoleFieldsIn):
    role: ParticipantRole
    confirm_unlikely: bool = Field(False, description="Keep values questioned as unlikely (a future date, an age "
                                   "the birth date contradicts) after checking them.")
    person_id: UUID | None = Field(None, description="An existing person's public id (seen through one of your cases).")
    person: PersonIn | None = Field(None, description="A new person, when person_id is not given.")


class ParticipantUpdateIn(RoleFieldsIn):
    version: int = Field(..., ge=1)
    confirm_unlikely: bool = Field(False, description="Keep values questioned as unlikely (a future date, an age "
                                   "the birth date contradicts) after checking them.")


class ParticipantOut(Schema):
    id: UUID = Field(..., description="The public id of the person's place in this case.")
    version: int
    role: str
    person: PersonRef
    perpetrator_roles: list[str]
    age_at_exploitation: int | None
    means_of_control: list[str]
    recruiter_relation: str
    trafficking_status: str
    status_decided_by: str
    notes: str
    added_at: dt.datetime


# --- helpers ---------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """Enum members (TextChoices) to their codes, recursively for lists."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.value if isinstance(value, enum.Enum) else value


def _case_item(case: Case) -> dict:
    return {
        "id": case.public_id, "version": case.version, "title": case.title, "status": case.status,
        "forms_of_exploitation": case.forms_of_exploitation, "labour_sectors": case.labour_sectors,
        "tags": case.tags, "is_transnational": case.is_transnational, "reported_on": case.reported_on,
        "lead_institution": ref(case.lead_institution), "lead_unit": ref(case.lead_unit), "team": ref(case.team),
        "references": [{"institution": code, "number": number} for code, number in reference_numbers(case)],
        "created_at": case.created_at, "updated_at": case.updated_at,
    }


def _case_out(actor: User, case: Case) -> dict:
    full = case_full_access(actor=actor, case=case)
    places = [{"kind": p.kind, "country": p.country, "subdivision": p.subdivision, "description": p.description,
               "date_from": p.date_from, "date_to": p.date_to} for p in case_overview_places(actor=actor, case=case)]
    return _case_item(case) | {
        "summary": case.summary if full else None,
        "access": "full" if full else "summary",
        "can_edit": can_write_case(actor=actor, case=case), "places": places,
    }


def _fresh(actor: User, case_id: UUID) -> Case:
    return case_get(actor=actor, case_id=case_id)[0]


def _team(actor: User, team_id: int | None) -> Team | None:
    """A case goes to one of the caller's own active teams (not someone else's workspace)."""
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id, is_active=True, memberships__user=actor).first()
    if team is None:
        raise ValidationError({"team_id": _("Choose one of your teams.")})
    return team


def _unit(unit_id: int | None, institution_id: int) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first()
    if unit is None or unit.institution_id != institution_id:
        raise ValidationError({"lead_unit_id": _("The unit does not belong to the lead institution.")})
    return unit


def _participant_out(actor: User, cp: CasePerson) -> dict:
    return {
        "id": cp.public_id, "version": cp.version, "role": cp.role, "person": person_ref(actor=actor, person=cp.person),
        "perpetrator_roles": cp.perpetrator_roles, "age_at_exploitation": cp.age_at_exploitation,
        "means_of_control": cp.means_of_control, "recruiter_relation": cp.recruiter_relation,
        "trafficking_status": cp.trafficking_status, "status_decided_by": cp.status_decided_by,
        "notes": cp.notes, "added_at": cp.added_at,
    }


def _role_fields(payload: RoleFieldsIn) -> dict:
    fields = payload.model_dump(exclude_unset=True, include=set(RoleFieldsIn.model_fields))
    # The model stores "" for "not set" in the choice columns.
    return {k: ("" if v is None and k != "age_at_exploitation" else _plain(v)) for k, v in fields.items()}


def _full_case(actor: User, case_id: UUID) -> Case:
    case, _access = case_get(actor=actor, case_id=case_id)
    if not case_full_access(actor=actor, case=case):
        raise Forbidden(_("Your access to this case does not include persons."))
    return case


# --- cases -----------------------------------------------------------------------------

@router.get("", response={200: CasePage, **error_responses(422)}, operation_id="case_list")
def cases_list(request: ApiRequest, filters: Query[CaseFilterIn], paging: Query[PageIn]) -> dict[str, Any]:
    """Cases the caller may see, newest change first; ``count`` covers only those."""
    f = CaseFilters(q=filters.q, status=_plain(filters.status) or "", form=_plain(filters.form) or "",
                    transnational=filters.transnational, team_id=filters.team_id, subdivision=filters.subdivision)
    qs = case_list(actor=request.auth, filters=f)
    start = (paging.page - 1) * paging.page_size
    page = qs.prefetch_related("references__institution")[start:start + paging.page_size]
    return {"items": [_case_item(c) for c in page], "count": qs.count(), "page": paging.page,
            "page_size": paging.page_size}


@router.post("", response={201: CaseOut, **error_responses(400, 403, 422)}, operation_id="case_create")
def cases_create(request: ApiRequest, payload: CaseCreateIn) -> Status:
    """Open a case for one of the caller's institutions (audited)."""
    actor = request.auth
    if payload.lead_institution_id is None:
        institution = actor.primary_institution
    else:
        institution = Institution.objects.filter(pk=payload.lead_institution_id, is_active=True).first()
    if institution is None:
        raise ValidationError({"lead_institution_id": _("Choose one of your institutions.")})
    case = case_create(
        actor=actor, title=payload.title, lead_institution=institution,
        lead_unit=_unit(payload.lead_unit_id, institution.pk), team=_team(actor, payload.team_id),
        summary=payload.summary, forms_of_exploitation=_plain(payload.forms_of_exploitation),
        labour_sectors=_plain(payload.labour_sectors), tags=payload.tags, reported_on=payload.reported_on,
        reference_number=payload.reference_number, confirm_unlikely=payload.confirm_unlikely,
    )
    return Status(201, _case_out(actor, _fresh(actor, case.public_id)))


@router.get("/{uuid:case_id}", response={200: CaseOut, **error_responses(404)}, operation_id="case_get")
def cases_detail(request: ApiRequest, case_id: UUID) -> dict[str, Any]:
    """One case (404 when missing or not visible); the read is audited."""
    case, _access = case_get(actor=request.auth, case_id=case_id)
    return _case_out(request.auth, case)


@router.patch("/{uuid:case_id}", response={200: CaseOut, **error_responses(400, 403, 404, 409, 422)},
              operation_id="case_update")
def cases_update(request: ApiRequest, case_id: UUID, payload: CaseUpdateIn) -> dict[str, Any]:
    """Change fields; a stale ``version`` is a 409 carrying ``current_version``."""
    actor = request.auth
    case, _access = case_get(actor=actor, case_id=case_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "confirm_unlikely"})
    if "team_id" in changes:
        changes["team"] = _team(actor, changes.pop("team_id"))
    if "lead_unit_id" in changes:
        changes["lead_unit"] = _unit(changes.pop("lead_unit_id"), case.lead_institution_id)
    changes = {k: _plain(v) for k, v in changes.items()}
    if changes:
        case_update(actor=actor, case=case, expected_version=payload.version, changes=CaseChanges.from_mapping(changes),
                    confirm_unlikely=payload.confirm_unlikely)
    return _case_out(actor, _fresh(actor, case.public_id))


@router.post("/{uuid:case_id}/status", response={200: CaseOut, **error_responses(400, 403, 404, 409, 422)},
             operation_id="case_status_change")
def cases_status(request: ApiRequest, case_id: UUID, payload: StatusIn) -> dict[str, Any]:
    """Move the case along its lifecycle (allowed transitions only)."""
    actor = request.auth
    case, _access = case_get(actor=actor, case_id=case_id)
    case_status_change(actor=actor, case=case, expected_version=payload.version,
                       to_status=_plain(payload.to_status), note=payload.note)
    return _case_out(actor, _fresh(actor, case.public_id))


# --- persons in the case ---------------------------------------------------------------

@router.get("/{uuid:case_id}/participants", response={200: list[ParticipantOut], **error_responses(403, 404)},
            operation_id="case_participant_list")
def participants_list(request: ApiRequest, case_id: UUID) -> list[dict[str, Any]]:
    """Persons in the case in their roles; protected persons by pseudonym."""
    actor = request.auth
    case = _full_case(actor, case_id)
    return [_participant_out(actor, cp) for cp in case_persons(actor=actor, case=case)]


@router.post("/{uuid:case_id}/participants", response={201: ParticipantOut, **error_responses(400, 403, 404, 422)},
             operation_id="case_participant_add")
def participants_add(request: ApiRequest, case_id: UUID, payload: ParticipantAddIn) -> Status:
    """Add an existing person (``person_id``) or a new one (``person``) in a role."""
    actor = request.auth
    case = _full_case(actor, case_id)
    if (payload.person_id is None) == (payload.person is None):
        raise ValidationError({"person": _("Choose a person or enter a new one.")})
    person = None
    if payload.person_id is not None:
        try:
            person = person_get(actor=actor, person_id=payload.person_id)
        except NotFound:  # same answer for a person the caller cannot see as for a missing one
            raise ValidationError({"person": _("Choose a person or enter a new one.")}) from None
    cp = case_person_add(actor=actor, case=case, role=_plain(payload.role), person=person,
                         data=payload.person.to_input() if payload.person else None,
                         role_fields=RoleFields.from_mapping(_role_fields(payload)),
                         confirm_unlikely=payload.confirm_unlikely)
    return Status(201, _participant_out(actor, cp))


@router.patch("/{uuid:case_id}/participants/{uuid:participant_id}",
              response={200: ParticipantOut, **error_responses(400, 403, 404, 409, 422)},
              operation_id="case_participant_update")
def participants_update(request: ApiRequest, case_id: UUID, participant_id: UUID, payload: ParticipantUpdateIn) -> dict[str, Any]:
    """Change the role fields of a person in the case (optimistic locking on ``version``)."""
    actor = request.auth
    case = _full_case(actor, case_id)
    cp = case_person_get(actor=actor, case=case, case_person_id=participant_id)
    changes = _role_fields(payload)
    if changes:
        case_person_update(actor=actor, case_person=cp, expected_version=payload.version,
                           changes=RoleFields.from_mapping(changes), confirm_unlikely=payload.confirm_unlikely)
    return _participant_out(actor, case_person_get(actor=actor, case=case, case_person_id=cp.public_id))
