"""Persons over the API: pseudonymised by default, identity only through an audited reveal.

API clients never hold session reveals, so a protected person (victim, witness, reporting
person, or in no role yet) comes back with the pseudonym and every identity field null.
``POST /persons/{id}/reveal`` with a reason returns the identity in that one answer and is
audited (``person.reveal``); nothing is remembered for later requests.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema

from enlace.accounts.models import User
from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import StrictIn, error_responses
from enlace.persons.identity import identity_visible, person_is_protected
from enlace.persons.models import DocumentType, Person, Sex
from enlace.persons.selectors import person_get, person_identity, person_roles_visible
from enlace.persons.services import PersonInput, person_identity_reveal

router = Router(tags=["persons"])


class DocumentIn(StrictIn):
    doc_type: DocumentType
    number: str = Field(..., min_length=1, max_length=60)
    issuing_country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2; empty if unknown.")


class HandleIn(StrictIn):
    platform: str = Field(..., min_length=1, max_length=40)
    handle: str = Field(..., min_length=1, max_length=200)


class PersonIn(StrictIn):
    """A new person. Every field is optional: many victims have no document at all."""

    given_names: str = Field("", max_length=200)
    first_surname: str = Field("", max_length=100)
    second_surname: str = Field("", max_length=100)
    married_surname: str = Field("", max_length=100)
    aliases: str = Field("", max_length=1000, description="One alias or nickname per line.")
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    nationality: str = Field("", max_length=2)
    notes: str = Field("", max_length=5000)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    phones_unverified: bool = Field(False, description="Keep phone numbers that cannot be read, out of matching.")
    emails: list[str] = Field(default_factory=list, max_length=20)
    addresses: list[str] = Field(default_factory=list, max_length=20)
    handles: list[HandleIn] = Field(default_factory=list, max_length=20)

    def to_input(self) -> PersonInput:
        return PersonInput(
            given_names=self.given_names, first_surname=self.first_surname, second_surname=self.second_surname,
            married_surname=self.married_surname, aliases=self.aliases, sex=Sex(self.sex).value,
            birth_year=self.birth_year, birth_month=self.birth_month, birth_day=self.birth_day,
            nationality=self.nationality, notes=self.notes,
            documents=[(DocumentType(d.doc_type).value, d.number, d.issuing_country) for d in self.documents],
            phones=list(self.phones), phones_unverified=self.phones_unverified, emails=list(self.emails), addresses=list(self.addresses),
            handles=[(h.platform, h.handle) for h in self.handles],
        )


class PersonRef(Schema):
    """A person as listed inside a case: the name only when the identity is visible."""

    id: UUID = Field(..., description="The person's public id (random).")
    pseudonym: str
    protected: bool
    identity_visible: bool
    name: str | None = Field(None, description="Full name; null when pseudonymised.")


class DocumentOut(Schema):
    doc_type: str
    number: str
    issuing_country: str


class PhoneOut(Schema):
    raw: str
    e164: str


class AddressOut(Schema):
    text: str
    country: str
    subdivision: str


class HandleOut(Schema):
    platform: str
    handle: str


class PersonRoleOut(Schema):
    case_id: UUID = Field(..., description="The case's public id.")
    role: str


class PersonOut(Schema):
    id: UUID = Field(..., description="The person's public id (random).")
    version: int
    pseudonym: str
    protected: bool
    identity_visible: bool = Field(..., description="False: every identity field below is null.")
    sex: str
    birth_year: int | None
    nationality: str
    roles: list[PersonRoleOut] = Field(..., description="Roles in the cases the caller may fully see.")
    given_names: str | None
    first_surname: str | None
    second_surname: str | None
    married_surname: str | None
    aliases: str | None
    birth_month: int | None
    birth_day: int | None
    notes: str | None
    documents: list[DocumentOut] | None
    phones: list[PhoneOut] | None
    emails: list[str] | None
    addresses: list[AddressOut] | None
    handles: list[HandleOut] | None


class RevealIn(StrictIn):
    reason: str = Field(..., max_length=500, description="Why the identity is needed (at least 10 characters).")


IDENTITY_FIELDS = ("given_names", "first_surname", "second_surname", "married_surname", "aliases",
                   "birth_month", "birth_day", "notes", "documents", "phones", "emails", "addresses", "handles")


def person_ref(*, actor: User, person: Person) -> dict:
    visible = identity_visible(actor=actor, person=person)
    return {"id": person.public_id, "pseudonym": person.pseudonym, "protected": person_is_protected(person),
            "identity_visible": visible, "name": (person.full_name or None) if visible else None}


def person_out(*, actor: User, person: Person, reveals: dict | None = None) -> dict:
    """The person as the caller may see it; identity fields null unless the gate says so.

    ``reveals``: only the one a reveal service just granted, for this answer.
    """
    identity = person_identity(actor=actor, person=person, reveals=reveals)
    roles = [{"case_id": c, "role": r} for c, r in person_roles_visible(actor=actor, person=person)]
    out = {"id": person.public_id, "version": person.version, "pseudonym": person.pseudonym,
           "protected": person_is_protected(person), "identity_visible": identity is not None, "sex": person.sex,
           "birth_year": person.birth_year, "nationality": person.nationality, "roles": roles}
    if identity is None:
        return out | dict.fromkeys(IDENTITY_FIELDS)
    return out | {
        "given_names": person.given_names, "first_surname": person.first_surname,
        "second_surname": person.second_surname, "married_surname": person.married_surname,
        "aliases": person.aliases, "birth_month": person.birth_month, "birth_day": person.birth_day,
        "notes": person.notes,
        "documents": [{"doc_type": d.doc_type, "number": d.number, "issuing_country": d.issuing_country}
                      for d in identity["documents"]],
        "phones": [{"raw": p.raw, "e164": p.e164} for p in identity["phones"]],
        "emails": [e.address for e in identity["emails"]],
        "addresses": [{"text": a.text, "country": a.country, "subdivision": a.subdivision}
                      for a in identity["addresses"]],
        "handles": [{"platform": h.platform, "handle": h.handle} for h in identity["handles"]],
    }


@router.get("/{uuid:person_id}", response={200: PersonOut, **error_responses(404)}, operation_id="person_get")
def person_detail(request: ApiRequest, person_id: UUID) -> dict[str, Any]:
    """A person in a case the caller fully sees (404 otherwise); read is audited."""
    actor = request.auth
    person = person_get(actor=actor, person_id=person_id)
    return person_out(actor=actor, person=person)


@router.post("/{uuid:person_id}/reveal", response={200: PersonOut, **error_responses(400, 403, 404, 422)},
             operation_id="person_reveal")
def person_reveal(request: ApiRequest, person_id: UUID, payload: RevealIn) -> dict[str, Any]:
    """The identity behind a pseudonym, for this answer only; the reason is audited."""
    actor = request.auth
    person = person_get(actor=actor, person_id=person_id)  # the reveal entry records the access
    given = person_identity_reveal(actor=actor, person=person, reason=payload.reason)
    return person_out(actor=actor, person=person, reveals=given)
