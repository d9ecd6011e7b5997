"""Writes to persons and their identifiers. Atomic, validated, audited (no identity in the log)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.core.changes import UNSET, Changes, Unset
from enlace.core.errors import Forbidden
from enlace.core.locking import update_versioned
from enlace.geo.selectors import is_country
from enlace.normalize import normalize_phone

from . import identifiers
from .hooks import person_saved
from .identity import may_reveal, reveal
from .models import (
    DocumentType,
    Person,
    PersonAddress,
    PersonDocument,
    PersonEmail,
    PersonHandle,
    PersonPhone,
    PseudonymCounter,
    Sex,
)
from .selectors import person_visible


@dataclass
class PersonInput:
    given_names: str = ""
    first_surname: str = ""
    second_surname: str = ""
    married_surname: str = ""
    aliases: str = ""
    sex: str = Sex.UNKNOWN
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    nationality: str = ""
    notes: str = ""
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # (type, number, issuing country)
    phones: list[str] = field(default_factory=list)
    # Keep phones the phone library cannot read, as written and out of matching (the user said so).
    phones_unverified: bool = False
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    handles: list[tuple[str, str]] = field(default_factory=list)  # (platform, handle)


def validate_person_input(data: PersonInput) -> None:
    errors: dict[str, Any] = {}
    if data.sex not in Sex.values:
        errors["sex"] = _("Choose a value from the list.")
    if data.nationality and not is_country(data.nationality):
        errors["nationality"] = _("Unknown country code: %(code)s.") % {"code": data.nationality}
    year = timezone.now().year
    if data.birth_year is not None and not (1900 <= data.birth_year <= year):
        errors["birth_year"] = _("Enter a year between 1900 and %(year)s.") % {"year": year}
    if data.birth_month is not None and not (1 <= data.birth_month <= 12):
        errors["birth_month"] = _("Enter a month from 1 to 12.")
    if data.birth_day is not None and not (1 <= data.birth_day <= 31):
        errors["birth_day"] = _("Enter a day from 1 to 31.")
    if data.birth_day and not data.birth_month:
        errors["birth_month"] = _("A day needs a month.")
    elif data.birth_day and data.birth_month and "birth_day" not in errors and "birth_month" not in errors:
        # 31/02 does not exist; without a year, 29/02 may (a leap year).
        year_for_check = data.birth_year if data.birth_year and "birth_year" not in errors else 2000
        if data.birth_day > calendar.monthrange(year_for_check, data.birth_month)[1]:
            errors["birth_day"] = _("This day does not exist in that month.")
        elif data.birth_year and "birth_year" not in errors and dt.date(
                data.birth_year, data.birth_month, data.birth_day) > timezone.localdate():
            errors["birth_day"] = _("A birth date cannot be in the future.")
    for doc_type, number, country in data.documents:
        if doc_type not in DocumentType.values:
            errors["documents"] = _("Unknown document type.")
        elif not number.strip():
            errors["documents"] = _("A document needs a number.")
        elif country and not is_country(country):
            errors["documents"] = _("Unknown country code: %(code)s.") % {"code": country}
    if errors:
        raise ValidationError(errors)


def allocate_pseudonym(*, prefix: str, area: str) -> str:
    """Next code like V-LPZ-0042: stable, non-identifying, unique per prefix and area."""
    key = f"{prefix}-{area}"
    counter, _c = PseudonymCounter.objects.select_for_update().get_or_create(prefix=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{key}-{counter.last:04d}"


def _index(person: Person) -> None:
    """Let the matching app refresh the person's keys and real-time hits, same transaction."""
    person_saved(person=person)


def _add_identifiers(person: Person, data: PersonInput, *, default_region: str) -> None:
    for doc_type, number, country in data.documents:
        canonical, bidx = identifiers.document_index(number, doc_type=doc_type, country=country)
        PersonDocument.objects.create(person=person, doc_type=doc_type, number=canonical, number_raw=number.strip(),
                                      issuing_country=(country or "").upper(), number_bidx=bidx)
    for raw in data.phones:
        if raw.strip():
            e164, bidx = identifiers.phone_index(raw, default_region=default_region)
            PersonPhone.objects.create(person=person, raw=raw.strip(), e164=e164, e164_bidx=bidx)
    for raw in data.emails:
        if raw.strip():
            value, bidx = identifiers.email_index(raw)
            PersonEmail.objects.create(person=person, address=value, address_bidx=bidx)
    for text in data.addresses:
        if text.strip():
            PersonAddress.objects.create(person=person, text=text.strip())
    for platform, handle in data.handles:
        if handle.strip():
            PersonHandle.objects.create(person=person, platform=platform, handle=handle.strip(),
                                        handle_bidx=identifiers.handle_index(platform, handle))


@transaction.atomic
def person_create(*, actor: User, data: PersonInput, pseudonym_prefix: str, area: str, default_region: str) -> Person:
    validate_person_input(data)
    validate_identifiers(data, default_region=default_region)
    person = Person.objects.create(
        pseudonym=allocate_pseudonym(prefix=pseudonym_prefix, area=area),
        given_names=data.given_names.strip(), first_surname=data.first_surname.strip(),
        second_surname=data.second_surname.strip(), married_surname=data.married_surname.strip(),
        aliases=data.aliases.strip(), sex=data.sex, birth_year=data.birth_year, birth_month=data.birth_month,
        birth_day=data.birth_day, nationality=data.nationality.upper(), notes=data.notes, created_by=actor,
    )
    _add_identifiers(person, data, default_region=default_region)
    _index(person)
    audit_record(actor=actor, action="person.create", obj=person,
                 details={"pseudonym": person.pseudonym, "identifiers": {
                     "documents": len(data.documents), "phones": len(data.phones), "emails": len(data.emails)}})
    return person


def can_edit_person(actor: User, person: Person) -> bool:
    return actor.can_create_cases and person_visible(actor=actor, person=person)


@dataclass(frozen=True, kw_only=True)
class PersonChanges(Changes):
    """The fields of a person that ``person_update`` changes (``UNSET``: leave as it is)."""

    given_names: str | Unset = UNSET
    first_surname: str | Unset = UNSET
    second_surname: str | Unset = UNSET
    married_surname: str | Unset = UNSET
    aliases: str | Unset = UNSET
    notes: str | Unset = UNSET
    sex: str | Unset = UNSET
    birth_year: int | None | Unset = UNSET
    birth_month: int | None | Unset = UNSET
    birth_day: int | None | Unset = UNSET
    nationality: str | Unset = UNSET


@transaction.atomic
def person_update(*, actor: User, person: Person, expected_version: int, changes: PersonChanges) -> Person:
    """Changes to a person; the log records which fields changed, never their values."""
    if not can_edit_person(actor, person):
        raise Forbidden
    values = changes.given()
    merged = PersonInput(**{k: getattr(person, k) for k in PersonChanges.field_names()})
    for k, v in values.items():
        setattr(merged, k, v)
    validate_person_input(merged)
    changed = sorted(k for k, v in values.items() if getattr(person, k) != v)
    update_versioned(person, expected_version=expected_version, changes=values)
    _index(person)
    audit_record(actor=actor, action="person.update", obj=person, details={"fields_changed": changed})
    return person


def identifier_counts(data: PersonInput) -> dict[str, int]:
    """How many identifiers of each kind ``data`` carries (blank entries do not count)."""
    return {
        "documents": sum(1 for _t, number, _c in data.documents if number.strip()),
        "phones": sum(1 for p in data.phones if p.strip()), "emails": sum(1 for e in data.emails if e.strip()),
        "addresses": sum(1 for a in data.addresses if a.strip()),
        "handles": sum(1 for _p, h in data.handles if h.strip()),
    }


def phone_line_errors(phones: list[str], *, default_region: str, unverified: bool = False) -> list[str]:
    """One message per phone line that cannot be kept, naming its line.

    The one rule for phones, whichever surface sends them (form, API, import): a line needs at least
    five digits, and must be a number the phone library can read (with the workspace's country for a
    number written without a calling code) unless the user keeps unreadable ones as unverified.
    """
    errors = []
    lines = [p for p in phones if p.strip()]
    for number, line in enumerate(lines, start=1):
        if sum(ch.isdigit() for ch in line) < 5:
            errors.append(_("Line %(line)s: a phone number needs at least 5 digits.") % {"line": number})
        elif not unverified and not normalize_phone(line, default_region=default_region).e164:
            errors.append(_("Line %(line)s is not a phone number that can be checked: correct it (with the country "
                            "code if it is foreign), or keep the numbers as unverified.") % {"line": number})
    return errors


def validate_identifiers(data: PersonInput, *, default_region: str) -> None:
    """The shape of phones, e-mails, addresses and handles (documents: ``validate_person_input``)."""
    errors: dict[str, Any] = {}
    if phone_errors := phone_line_errors(data.phones, default_region=default_region, unverified=data.phones_unverified):
        errors["phones"] = phone_errors
    bad = []
    for e in data.emails:
        try:
            if e.strip():
                validate_email(e.strip())
        except ValidationError:
            bad.append(e.strip())
    if bad:
        errors["emails"] = _("Not a valid e-mail address: %(values)s") % {"values": ", ".join(bad)}
    if any(len(a.strip()) > 500 for a in data.addresses):
        errors["addresses"] = _("Enter at most %(n)s characters.") % {"n": 500}
    for platform, handle in data.handles:
        if handle.strip() and not platform.strip():
            errors["handles"] = _("Say on which platform the handle is.")
        elif len(platform.strip()) > 40 or len(handle.strip()) > 200:
            errors["handles"] = _("The platform or the handle is too long.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_identifiers_add(*, actor: User, person: Person, data: PersonInput, default_region: str) -> None:
    """Documents, phones, e-mails, addresses and handles learnt after the person was recorded.

    Only the identifiers in ``data`` are read (names and the rest are ignored); the person is
    re-indexed in the same transaction so matches on the new identifiers appear at once.
    The log records how many of each kind were added, never the values.
    """
    if not can_edit_person(actor, person):
        raise Forbidden
    validate_person_input(PersonInput(documents=data.documents))
    validate_identifiers(data, default_region=default_region)
    counts = identifier_counts(data)
    if not any(counts.values()):
        raise ValidationError(_("Enter at least one document, phone number, e-mail address, address or handle."))
    _add_identifiers(person, data, default_region=default_region)
    _index(person)
    audit_record(actor=actor, action="person.identifiers_add", obj=person, details=counts)


def require_reveal_reason(*, actor: User, reason: str) -> str:
    """The checks every reveal makes (persons, screenings): a role that may reveal, a real reason."""
    if not may_reveal(actor=actor):
        raise Forbidden(_("Your role does not allow revealing identities."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give the reason for seeing the identity (at least 10 characters).")})
    return reason.strip()[:500]


@transaction.atomic
def person_identity_reveal(*, actor: User, person: Person, reason: str) -> dict[str, float]:
    """Record that the actor asked to see who is behind a pseudonym, and why; returns the reveal
    (key -> expiry) that the identity gate honours: the web keeps it in the session, the API
    uses it for the one answer."""
    if not person_visible(actor=actor, person=person):
        raise Forbidden(_("Your role does not allow revealing identities."))
    reason = require_reveal_reason(actor=actor, reason=reason)
    audit_record(actor=actor, action="person.reveal", obj=person, details={"reason": reason})
    return reveal(person)
