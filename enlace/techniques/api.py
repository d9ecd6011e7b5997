"""Special techniques over the API (/api/v1/techniques): authorisations, renewals, confirmations.

The same selectors and services as the pages, so the same compartment: an authorisation answers
only to the users named on it who still fully see its case; everyone else gets 404, as for a
missing id. A case's list holds only the authorisations naming the caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.responses import Status

from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import StrictIn, error_responses

from . import selectors, services
from .models import Authorisation

router = Router(tags=["techniques"])


class AuthorisationOut(Schema):
    id: UUID = Field(..., description="The authorisation's public id (random).")
    case_id: UUID = Field(..., description="The case's public id.")
    kind: str
    reference: str
    legal_basis: str
    authority: str
    judge: str
    starts_on: dt.date
    expires_on: dt.date
    status: str
    emergency: bool
    confirm_by: dt.datetime | None
    confirmed_at: dt.datetime | None
    renews_id: UUID | None = Field(..., description="The public id of the authorisation this one renews.")
    report_due_on: dt.date | None
    product_custody: str
    destroy_product_on: dt.date | None


class TargetOut(Schema):
    label: str = Field(..., description="A pseudonym, or a name where the identity gate allows it.")
    in_case: bool = Field(..., description="A person of the case (else a code name).")


class AuthorisationDetailOut(AuthorisationOut):
    scope: str
    members: list[str]
    targets: list[TargetOut]
    renewal_ids: list[UUID]


def _out(auth: Authorisation, renewal_ids: list[UUID]) -> dict:
    return {"id": auth.public_id, "case_id": auth.case.public_id, "kind": auth.kind, "reference": auth.reference,
            "legal_basis": auth.legal_basis, "authority": auth.authority, "judge": auth.judge,
            "starts_on": auth.starts_on, "expires_on": auth.expires_on,
            "status": auth.status(renewed=bool(renewal_ids)), "emergency": auth.emergency,
            "confirm_by": auth.confirm_by, "confirmed_at": auth.confirmed_at, "renews_id": auth.renews.public_id if auth.renews else None,
            "report_due_on": auth.report_due_on, "product_custody": auth.product_custody,
            "destroy_product_on": auth.destroy_product_on}


def _detail(request: ApiRequest, auth: Authorisation) -> dict:
    renewals = [r.public_id for r in selectors.renewals_of(auth)]
    return {**_out(auth, renewals), "scope": auth.scope,
            "members": [u.get_username() for u in selectors.authorisation_members(auth)],
            "targets": [{"label": t.label, "in_case": t.in_case}
                        for t in selectors.authorisation_targets(actor=request.auth, auth=auth)],
            "renewal_ids": renewals}


@router.get("/cases/{uuid:case_id}/authorisations", response={200: list[AuthorisationOut], **error_responses(404)},
            operation_id="technique_list")
def technique_list(request: ApiRequest, case_id: UUID) -> Any:
    _case, rows = selectors.authorisation_list(actor=request.auth, case_id=case_id)
    return [_out(a, a.renewal_ids) for a in rows]  # type: ignore[attr-defined]


class AuthorisationIn(StrictIn):
    kind: str = Field(..., description="interception, undercover, controlled_delivery, electronic_surveillance or other.")
    reference: str = Field("", max_length=60)
    legal_basis: str = Field(..., max_length=300)
    authority: str = Field(..., max_length=200)
    judge: str = Field(..., max_length=160)
    scope: str = Field(..., max_length=5000)
    starts_on: dt.date
    expires_on: dt.date
    emergency: bool = False
    confirm_by: dt.datetime | None = Field(None, description="Required for an emergency authorisation.")
    report_due_on: dt.date | None = None
    product_custody: str = Field("", max_length=200)
    destroy_product_on: dt.date | None = None
    member_ids: list[int] = Field(default_factory=list, description="Users of the case also named (the caller always is).")
    target_person_ids: list[int] = Field(default_factory=list, description="Case-person ids of this case.")
    target_pseudonyms: list[str] = Field(default_factory=list, description="Targets not on file, by code name.")


@router.post("/cases/{uuid:case_id}/authorisations", response={201: AuthorisationDetailOut, **error_responses(400, 403, 404, 422)},
             operation_id="technique_create")
def technique_create(request: ApiRequest, case_id: UUID, payload: AuthorisationIn) -> Any:
    auth = services.authorisation_create(actor=request.auth, case_id=case_id, **payload.dict())
    return Status(201, _detail(request, auth))


@router.get("/authorisations/{uuid:authorisation_id}", response={200: AuthorisationDetailOut, **error_responses(404)},
            operation_id="technique_get")
def technique_get(request: ApiRequest, authorisation_id: UUID) -> Any:
    return _detail(request, selectors.authorisation_get(actor=request.auth, authorisation_id=authorisation_id))


class RenewIn(StrictIn):
    expires_on: dt.date
    judge: str = Field(..., max_length=160)
    reference: str = Field("", max_length=60)
    authority: str = Field("", max_length=200)
    legal_basis: str = Field("", max_length=300)
    report_due_on: dt.date | None = None


@router.post("/authorisations/{uuid:authorisation_id}/renew", response={201: AuthorisationDetailOut, **error_responses(400, 403, 404, 422)},
             operation_id="technique_renew")
def technique_renew(request: ApiRequest, authorisation_id: UUID, payload: RenewIn) -> Any:
    renewal = services.authorisation_renew(actor=request.auth, authorisation_id=authorisation_id, **payload.dict())
    return Status(201, _detail(request, renewal))


class ConfirmIn(StrictIn):
    version: int = Field(..., description="The version read (optimistic locking: 409 if it changed).")
    confirmed_by: str = Field(..., max_length=160)


@router.post("/authorisations/{uuid:authorisation_id}/confirm",
             response={200: AuthorisationDetailOut, **error_responses(400, 403, 404, 409, 422)},
             operation_id="technique_confirm")
def technique_confirm(request: ApiRequest, authorisation_id: UUID, payload: ConfirmIn) -> Any:
    auth = services.authorisation_confirm(actor=request.auth, authorisation_id=authorisation_id, **payload.dict())
    return _detail(request, auth)
