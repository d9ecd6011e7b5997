"""Referrals over the API: consent, referral and revocation for the sending side; a restricted view and
answers for the receiving organisation; the directory of services.

The same selectors and services as the pages: the consent gate and the restricted view cannot be
bypassed through the API.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from enlace.accounts.models import Institution, User
from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import InstitutionRef, StrictIn, error_responses, ref
from enlace.core.errors import Forbidden

from . import selectors, services
from .models import Consent, ConsentBasis, ConsentPurpose, DataCategory, ReferralStatus, Service, ServiceOffer
from .selectors_pages import consent_get_managed

if TYPE_CHECKING:
    from enlace.referrals.models import Referral

router = Router(tags=["referrals"])


class SubjectIn(StrictIn):
    """Exactly one: a person (in a case you fully see) or a screening (that you may see)."""

    person_id: UUID | None = Field(None, description="The person's public id.")
    screening_id: UUID | None = Field(None, description="The screening's public id.")


def _subject(actor: User, subject: SubjectIn) -> selectors.Subject:
    if (subject.person_id is None) == (subject.screening_id is None):
        raise ValidationError({"subject": [_("Give either person_id or screening_id.")]})
    kind, pk = ("person", subject.person_id) if subject.person_id is not None else ("screening", subject.screening_id)
    assert pk is not None  # exactly one was given (checked above)
    person, screening = selectors.subject_get(actor=actor, kind=kind, pk=pk)
    return {"person": person, "screening": None if person is not None else screening}


def _institution(pk: int) -> Institution:
    found = Institution.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise ValidationError({"recipient_id": [_("Unknown organisation.")]})
    return found


# ---------------------------------------------------------------- consent

class ConsentIn(StrictIn):
    subject: SubjectIn
    recipient_id: int
    purpose: ConsentPurpose
    categories: list[DataCategory] = Field(..., min_length=1)
    basis: ConsentBasis = ConsentBasis.CONSENT
    informed: bool = Field(False, description="Adults: the person was told what, with whom, why, and may withdraw.")
    given_on: dt.date | None = None
    valid_until: dt.date | None = None
    purpose_note: str = Field("", max_length=300)
    explained_in: str = Field("", max_length=40)
    guardian_name: str = Field("", max_length=200)
    guardian_relation: str = Field("", max_length=80)
    best_interest_authority: str = Field("", max_length=200)
    best_interest_reference: str = Field("", max_length=100)


class ConsentOut(Schema):
    id: UUID = Field(..., description="The consent's public id.")
    recipient: InstitutionRef
    purpose: str
    categories: list[str]
    basis: str
    given_on: dt.date
    valid_until: dt.date | None
    active: bool
    revoked_at: dt.datetime | None


def consent_out(c: Consent) -> dict:
    return {"id": c.public_id, "recipient": ref(c.recipient), "purpose": c.purpose, "categories": c.categories,
            "basis": c.basis, "given_on": c.given_on, "valid_until": c.valid_until,
            "active": selectors.consent_is_active(c), "revoked_at": c.revoked_at}


@router.post("/consents", response={201: ConsentOut, **error_responses(400, 404, 422)}, operation_id="consent_create")
def consent_create(request: ApiRequest, payload: ConsentIn) -> Status:
    actor = request.auth
    data = payload.dict(exclude={"subject", "recipient_id", "purpose", "categories", "basis"})
    consent = services.consent_record(actor=actor, **_subject(actor, payload.subject),
                                      recipient=_institution(payload.recipient_id), purpose=ConsentPurpose(payload.purpose).value,
                                      categories=[DataCategory(c).value for c in payload.categories],
                                      basis=ConsentBasis(payload.basis).value, **data)
    return Status(201, consent_out(consent))


class RevokeIn(StrictIn):
    note: str = Field("", max_length=300)


@router.post("/consents/{uuid:consent_id}/revoke", response={200: ConsentOut, **error_responses(400, 404)},
             operation_id="consent_revoke")
def consent_revoke(request: ApiRequest, consent_id: UUID, payload: RevokeIn) -> dict[str, Any]:
    """Withdraw: referrals sent under it are revoked and the recipient loses access immediately."""
    actor = request.auth
    consent = consent_get_managed(actor=actor, consent_id=consent_id)
    services.consent_revoke(actor=actor, consent=consent, note=payload.note)
    return consent_out(consent)


# ---------------------------------------------------------------- referrals (sending side)

class ReferralIn(StrictIn):
    subject: SubjectIn
    service: Service
    recipient_id: int
    offer_id: int | None = None
    needs: str = Field("", max_length=2000)
    language: str = Field("", max_length=60)
    contact: str = Field("", max_length=300)


class ReferralOut(Schema):
    id: UUID = Field(..., description="The referral's public id (random).")
    version: int
    reference: str
    pseudonym: str
    service: str
    recipient: InstitutionRef
    status: str
    sent_at: dt.datetime
    overdue: bool
    consent_id: UUID = Field(..., description="The public id of the consent it rests on.")
    consent_active: bool
    rejection_reason: str


def referral_out(r: Referral) -> dict[str, Any]:
    return {"id": r.public_id, "version": r.version, "reference": r.reference,
            "pseudonym": selectors.subject_pseudonym(person=r.person, screening=r.screening), "service": r.service,
            "recipient": ref(r.recipient), "status": r.status, "sent_at": r.sent_at, "overdue": selectors.is_overdue(r),
            "consent_id": r.consent.public_id, "consent_active": selectors.consent_is_active(r.consent),
            "rejection_reason": r.rejection_reason}


@router.get("/", response={200: list[ReferralOut], **error_responses(422)}, operation_id="referral_list")
def referral_list(request: ApiRequest, status: ReferralStatus | None = None, overdue: bool = False) -> list[dict[str, Any]]:
    """Referrals you sent or may follow (your screenings, persons in cases you fully see)."""
    qs = selectors.referral_list_sent(actor=request.auth, status=status or "", overdue_only=overdue)
    return [referral_out(r) for r in qs.select_related("consent")[:500]]


@router.post("/", response={201: ReferralOut, **error_responses(400, 404, 422)}, operation_id="referral_create")
def referral_create(request: ApiRequest, payload: ReferralIn) -> Status:
    """Refused (400) unless a consent in force covers this organisation and this service."""
    actor = request.auth
    offer = get_object_or_404(ServiceOffer, pk=payload.offer_id) if payload.offer_id else None
    referral = services.referral_create(actor=actor, **_subject(actor, payload.subject),
                                        service=Service(payload.service).value,
                                        recipient=_institution(payload.recipient_id), offer=offer, needs=payload.needs,
                                        language=payload.language, contact=payload.contact)
    return Status(201, referral_out(referral))


@router.get("/incoming", response={200: list[dict], **error_responses(403)}, operation_id="referral_incoming_list")
def incoming_list(request: ApiRequest) -> list[dict[str, Any]]:
    """Referrals to your organisation (service-provider role): the restricted view only."""
    actor = request.auth
    if not selectors.recipient_institution_ids(actor):
        raise Forbidden
    return [_restricted(selectors.restricted_view(r, actor=actor)) for r in selectors.referral_list_incoming(actor=actor)[:500]]


def _restricted(view: selectors.RestrictedReferral) -> dict[str, Any]:
    return {"id": str(view.id), "reference": view.reference, "pseudonym": view.pseudonym, "service": view.service,
            "status": view.status, "version": view.version, "sent_at": view.sent_at.isoformat(),
            "sent_by_institution": view.sent_by_institution, "overdue": view.overdue,
            "rejection_reason": view.rejection_reason,
            "shared": {item.category: item.value for item in view.shared}}


@router.get("/incoming/{uuid:referral_id}", response={200: dict, **error_responses(404)}, operation_id="referral_incoming_get")
def incoming_get(request: ApiRequest, referral_id: UUID) -> dict[str, Any]:
    """Checked against the consent on every read: withdrawn or expired means 404."""
    _referral, view = selectors.referral_get_incoming(actor=request.auth, referral_id=referral_id)
    return _restricted(view)


class RespondIn(StrictIn):
    to_status: Literal["accepted", "rejected", "in_service", "completed"]
    version: int | None = None
    reason: str = Field("", max_length=500)
    outcome: Literal["", "successful", "not_successful"] = ""  # required to close (completed)
    closure_reason: str = Field("", max_length=24)


@router.post("/incoming/{uuid:referral_id}/status", response={200: dict, **error_responses(400, 404, 409, 422)},
             operation_id="referral_respond")
def incoming_respond(request: ApiRequest, referral_id: UUID, payload: RespondIn) -> dict[str, Any]:
    actor = request.auth
    services.referral_respond(actor=actor, referral_id=referral_id, to_status=payload.to_status,
                              expected_version=payload.version, reason=payload.reason, outcome=payload.outcome,
                              closure_reason=payload.closure_reason)
    _referral, view = selectors.referral_get_incoming(actor=actor, referral_id=referral_id)
    return _restricted(view)


@router.get("/{uuid:referral_id}", response={200: ReferralOut, **error_responses(404)}, operation_id="referral_get")
def referral_get(request: ApiRequest, referral_id: UUID) -> dict[str, Any]:
    return referral_out(selectors.referral_get_sent(actor=request.auth, referral_id=referral_id))


@router.post("/{uuid:referral_id}/revoke", response={200: ReferralOut, **error_responses(400, 404)},
             operation_id="referral_revoke")
def referral_revoke(request: ApiRequest, referral_id: UUID, payload: RevokeIn) -> dict[str, Any]:
    actor = request.auth
    referral = selectors.referral_get_sent(actor=actor, referral_id=referral_id)
    services.referral_revoke(actor=actor, referral=referral, reason=payload.note)
    return referral_out(referral)


# ---------------------------------------------------------------- directory

class OfferOut(Schema):
    id: int
    institution: InstitutionRef
    service: str
    country: str
    subdivision: str
    contact: str
    capacity_notes: str


class OfferFilter(Schema):
    subdivision: str = Field("", max_length=8)
    service: Service | None = None


@router.get("/directory", response={200: list[OfferOut], **error_responses(422)}, operation_id="directory_list")
def directory_list(request: ApiRequest, filters: Query[OfferFilter]) -> list[dict[str, Any]]:
    offers = selectors.offer_list(subdivision=filters.subdivision, service=filters.service or "")
    return [{"id": o.pk, "institution": ref(o.institution), "service": o.service, "country": o.country,
             "subdivision": o.subdivision, "contact": o.contact, "capacity_notes": o.capacity_notes}
            for o in offers[:500]]
