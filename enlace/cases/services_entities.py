"""Organisations, vehicles and bank accounts in a case file: add, change, remove.

Why organisations differ from the other two: the same recruitment agency or transport
company turns up in several cases, and the link graph (``enlace.links.graph``) joins cases
through it, so an organisation already on file (in a case the actor fully sees) can be put
in another case. Vehicles and bank accounts are written per case; matches across cases come
from their normalised keys (plate key, account blind index), which ``enlace.links`` indexes
whenever they are linked to a case (``enlace/links/signals.py``) or changed here.

Each write is atomic, validated and audited in its transaction. The audit details carry
ids, kinds, countries and which fields changed, never a plate, an account number or a name:
a business can carry its owner's name, and plates and accounts lead to people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.models import User
from enlace.audit.services import audit_record, diff
from enlace.core.changes import CANNOT_CHANGE, UNSET, Changes, Unset
from enlace.core.errors import Forbidden, NotFound
from enlace.core.locking import update_versioned
from enlace.geo.selectors import is_country
from enlace.persons import identifiers
from enlace.persons.models import BankAccount, Organisation, OrganisationKind, Vehicle

from .hooks import case_assets_changed
from .models import Case
from .selectors import organisations_visible
from .services import require_write

# The kind of entity as it appears in URLs and audit entries -> (model, the case's relation).
Entity = Organisation | Vehicle | BankAccount
ENTITY_KINDS: dict[str, tuple[type[Entity], str]] = {
    "organisation": (Organisation, "organisations"),
    "vehicle": (Vehicle, "vehicles"),
    "account": (BankAccount, "bank_accounts"),
}
# Fields whose old and new values may go into the audit log (codes, not free text).
CODED_FIELDS = ("kind", "country")


def _alnum(value: str) -> int:
    return sum(ch.isalnum() for ch in value)


def _text(value: Any, *, field: str, max_length: int, errors: dict, required_message: str | None = None) -> str:
    text = str(value or "").strip()
    if required_message and not text:
        errors[field] = required_message
    elif len(text) > max_length:
        errors[field] = _("Enter at most %(n)s characters.") % {"n": max_length}
    return text


def _country(value: Any, errors: dict) -> str:
    code = str(value or "").strip().upper()
    if code and not is_country(code):
        errors["country"] = _("Unknown country code: %(code)s.") % {"code": code}
    return code


def _organisation_values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out = {
        "name": _text(data.get("name"), field="name", max_length=200, errors=errors,
                      required_message=_("An organisation needs a name.")),
        "kind": data.get("kind") or OrganisationKind.BUSINESS,
        "country": _country(data.get("country"), errors),
        "registration_number": _text(data.get("registration_number"), field="registration_number", max_length=60,
                                     errors=errors),
    }
    if out["kind"] not in OrganisationKind.values:
        errors["kind"] = _("Choose a value from the list.")
    if errors:
        raise ValidationError(errors)
    return out


def _vehicle_values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    plate = _text(data.get("plate"), field="plate", max_length=20, errors=errors,
                  required_message=_("Enter the plate."))
    if plate and "plate" not in errors and _alnum(plate) < 2:
        errors["plate"] = _("A plate needs at least two letters or digits.")
    out = {"plate": plate, "country": _country(data.get("country"), errors),
           "description": _text(data.get("description"), field="description", max_length=200, errors=errors)}
    if errors:
        raise ValidationError(errors)
    # The plate is kept as written (it is evidence); the key forgives spaces, dashes, O/0, I/1.
    out["plate_key"] = identifiers.plate_key(plate, country=out["country"])
    return out


def _account_values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    number = _text(data.get("number"), field="number", max_length=60, errors=errors,
                   required_message=_("Enter the account number."))
    if number and "number" not in errors and _alnum(number) < 4:
        errors["number"] = _("An account number needs at least four letters or digits.")
    out = {"number": number, "country": _country(data.get("country"), errors),
           "bank": _text(data.get("bank"), field="bank", max_length=120, errors=errors)}
    if errors:
        raise ValidationError(errors)
    out["number_bidx"] = identifiers.account_index(number, country=out["country"])
    return out


VALUES = {"organisation": _organisation_values, "vehicle": _vehicle_values, "account": _account_values}
# The field that says "this one is already in the case", per kind (the duplicate key).
DUPLICATE_KEY = {"vehicle": ("plate_key", "plate"), "account": ("number_bidx", "number")}
ALREADY = {
    "organisation": gettext_lazy("This organisation is already in the case."),
    "vehicle": gettext_lazy("This vehicle is already in the case."),
    "account": gettext_lazy("This bank account is already in the case."),
}


@dataclass(frozen=True, kw_only=True)
class OrganisationChanges(Changes):
    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    country: str | Unset = UNSET
    registration_number: str | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class VehicleChanges(Changes):
    plate: str | Unset = UNSET
    country: str | Unset = UNSET
    description: str | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class AccountChanges(Changes):
    number: str | Unset = UNSET
    bank: str | Unset = UNSET
    country: str | Unset = UNSET


EntityChanges = OrganisationChanges | VehicleChanges | AccountChanges
# What ``case_entity_update`` changes, per kind (``UNSET``: leave as it is).
ENTITY_CHANGES: dict[str, type[EntityChanges]] = {
    "organisation": OrganisationChanges, "vehicle": VehicleChanges, "account": AccountChanges,
}
EDITABLE = {kind: changes.field_names() for kind, changes in ENTITY_CHANGES.items()}


def _check_not_in_case(case: Case, kind: str, values: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    _model, relation = ENTITY_KINDS[kind]
    qs = getattr(case, relation).all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if kind == "organisation":
        same_number = values["registration_number"] and qs.filter(
            registration_number__iexact=values["registration_number"], country=values["country"]).exists()
        if same_number or qs.filter(name__iexact=values["name"]).exists():
            raise ValidationError({"registration_number" if same_number else "name": str(ALREADY[kind])})
        return
    key_field, field = DUPLICATE_KEY[kind]
    if values[key_field] and qs.filter(**{key_field: values[key_field]}).exists():
        raise ValidationError({field: str(ALREADY[kind])})


def entity_in_case(*, case: Case, kind: str, entity_id: int) -> Entity:
    """The entity of that kind linked to the case; NotFound otherwise (also for unknown kinds)."""
    if kind not in ENTITY_KINDS:
        raise NotFound
    _model, relation = ENTITY_KINDS[kind]
    entity = getattr(case, relation).filter(pk=entity_id).first()
    if entity is None:
        raise NotFound
    return entity


def _reindex(entity: Vehicle | BankAccount) -> None:
    """Refresh the match keys of every case holding a changed vehicle or account (same transaction).

    ``update_versioned`` writes with a conditional UPDATE, which sends no post_save signal.
    """
    for case in entity.cases.all():
        case_assets_changed(case=case)


@transaction.atomic
def case_organisation_add(*, actor: User, case: Case, organisation: Organisation | None = None, name: str = "",
                          kind: str = OrganisationKind.BUSINESS, country: str = "",
                          registration_number: str = "") -> Organisation:
    """Put an organisation in the case: one already on file that the actor sees, or a new one."""
    require_write(actor, case)
    if organisation is not None:
        if not organisations_visible(actor=actor).filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _("Choose an organisation from the list.")})
        if case.organisations.filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": str(ALREADY["organisation"])})
        created = False
    else:
        values = _organisation_values({"name": name, "kind": kind, "country": country,
                                       "registration_number": registration_number})
        _check_not_in_case(case, "organisation", values)
        organisation = Organisation.objects.create(**values)
        created = True
    case.organisations.add(organisation)
    audit_record(actor=actor, action="case.entity_add", obj=case, case_id=case.pk,
                 details={"kind": "organisation", "entity": organisation.pk, "existing": not created,
                          "organisation_kind": organisation.kind, "country": organisation.country})
    return organisation


@transaction.atomic
def case_vehicle_add(*, actor: User, case: Case, plate: str, country: str = "", description: str = "") -> Vehicle:
    require_write(actor, case)
    values = _vehicle_values({"plate": plate, "country": country, "description": description})
    _check_not_in_case(case, "vehicle", values)
    vehicle = Vehicle.objects.create(**values)
    case.vehicles.add(vehicle)  # enlace.links indexes the case's keys on this signal
    audit_record(actor=actor, action="case.entity_add", obj=case, case_id=case.pk,
                 details={"kind": "vehicle", "entity": vehicle.pk, "country": vehicle.country})
    return vehicle


@transaction.atomic
def case_bank_account_add(*, actor: User, case: Case, number: str, bank: str = "", country: str = "") -> BankAccount:
    require_write(actor, case)
    values = _account_values({"number": number, "bank": bank, "country": country})
    _check_not_in_case(case, "account", values)
    account = BankAccount.objects.create(**values)
    case.bank_accounts.add(account)
    audit_record(actor=actor, action="case.entity_add", obj=case, case_id=case.pk,
                 details={"kind": "account", "entity": account.pk, "country": account.country})
    return account


@transaction.atomic
def case_entity_update(*, actor: User, case: Case, kind: str, entity_id: int, expected_version: int,
                       changes: EntityChanges) -> Entity:
    """Change an organisation, vehicle or account of the case, based on the version the user saw.

    An entity that also sits in other cases changes there too, so the actor must be able to
    edit every one of them; otherwise nothing is saved and the form says why.
    """
    require_write(actor, case)
    entity = entity_in_case(case=case, kind=kind, entity_id=entity_id)
    given = changes.given()
    unknown = set(given) - set(EDITABLE[kind])
    if unknown:
        raise ValidationError({k: CANNOT_CHANGE for k in sorted(unknown)})
    current = {f: getattr(entity, f) for f in EDITABLE[kind]}
    values = VALUES[kind]({**current, **given})
    _check_not_in_case(case, kind, values, exclude_pk=entity.pk)
    others = Case.objects.filter(**{f"{ENTITY_KINDS[kind][1]}__pk": entity.pk}).exclude(pk=case.pk)
    for other in others:
        try:
            require_write(actor, other)
        except Forbidden:
            raise ValidationError(_("This entry also appears in other cases that you cannot edit, so it cannot be "
                                    "changed from here. Remove it from this case and add a new one instead.")) from None
    changed = sorted(f for f, v in values.items() if getattr(entity, f) != v and not f.endswith(("_key", "_bidx")))
    before = {f: current[f] for f in CODED_FIELDS if f in current}
    update_versioned(entity, expected_version=expected_version, changes=values)
    after = {f: getattr(entity, f) for f in before}
    if not isinstance(entity, Organisation):
        _reindex(entity)
    audit_record(actor=actor, action="case.entity_update", obj=case, case_id=case.pk,
                 details={"kind": kind, "entity": entity.pk, "fields_changed": changed, "changes": diff(before, after)})
    return entity


@transaction.atomic
def case_entity_remove(*, actor: User, case: Case, kind: str, entity_id: int) -> None:
    """Take the entity out of the case; one left in no case at all is deleted (nothing kept without a reason)."""
    require_write(actor, case)
    entity = entity_in_case(case=case, kind=kind, entity_id=entity_id)
    _model, relation = ENTITY_KINDS[kind]
    getattr(case, relation).remove(entity)
    orphan = not entity.cases.exists()
    entity_pk = entity.pk
    if orphan:
        entity.delete()
    audit_record(actor=actor, action="case.entity_remove", obj=case, case_id=case.pk,
                 details={"kind": kind, "entity": entity_pk, "deleted": orphan})
