"""Persons in a case: adding a new or existing person in a role, and role-specific fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record, diff
from enlace.core import plausibility
from enlace.core.changes import UNSET, Changes, Unset
from enlace.core.errors import Conflict
from enlace.core.locking import update_versioned
from enlace.geo.selectors import subdivision_short
from enlace.persons.models import Person
from enlace.persons.selectors import person_visible
from enlace.persons.services import PersonInput, person_create

from .hooks import case_person_added
from .models import Case, CasePerson
from .services import _check_codes, require_write
from .vocabulary import (
    PSEUDONYM_PREFIX,
    MeansOfControl,
    ParticipantRole,
    PerpetratorRole,
    PlaceKind,
    RecruiterRelation,
    StatusDecidedBy,
    TraffickingStatus,
)


@dataclass(frozen=True, kw_only=True)
class RoleFields(Changes):
    """The role-specific fields of a person in a case (and the notes); ``UNSET``: leave as it is."""

    perpetrator_roles: list[str] | Unset = UNSET
    age_at_exploitation: int | None | Unset = UNSET
    means_of_control: list[str] | Unset = UNSET
    recruiter_relation: str | Unset = UNSET
    trafficking_status: str | Unset = UNSET
    status_decided_by: str | Unset = UNSET
    notes: str | Unset = UNSET


ROLE_FIELDS = RoleFields.field_names()




def case_area(case: Case) -> str:
    sub = (case.team.subdivision if case.team_id and case.team else "") or (
        case.lead_unit.subdivision if case.lead_unit_id and case.lead_unit else "")
    return subdivision_short(sub)


def _clean_role_fields(role: str, fields: RoleFields) -> dict[str, Any]:
    out = fields.given()
    if "perpetrator_roles" in out:
        out["perpetrator_roles"] = _check_codes(out["perpetrator_roles"] or [], PerpetratorRole.values, "perpetrator_roles")
    if "means_of_control" in out:
        out["means_of_control"] = _check_codes(out["means_of_control"] or [], MeansOfControl.values, "means_of_control")
    for name, allowed in (("recruiter_relation", RecruiterRelation.values), ("trafficking_status", TraffickingStatus.values),
                          ("status_decided_by", StatusDecidedBy.values)):
        if out.get(name) and out[name] not in allowed:
            raise ValidationError({name: _("Choose a value from the list.")})
    age = out.get("age_at_exploitation")
    if age is not None and not (0 <= int(age) <= 120):
        raise ValidationError({"age_at_exploitation": _("Enter an age between 0 and 120.")})
    return out


def exploitation_date(case: Case) -> tuple[dt.date, bool]:
    """When the exploitation began, as far as the case says, and whether that date is exact: the
    earliest exploitation place's start; else the report date or today, by which it had begun."""
    starts = [p.date_from for p in case.places.all() if p.kind == PlaceKind.EXPLOITATION and p.date_from]
    if starts:
        return min(starts), True
    return case.reported_on or timezone.localdate(), False


def age_doubts(case: Case, age: int | None, birth: tuple[int | None, int | None, int | None]) -> dict[str, str]:
    """The age at exploitation against the birth date and the case's exploitation dates."""
    on, exact = exploitation_date(case)
    doubt = plausibility.age_doubt(age, birth=birth, on=on, by=not exact)
    return {"age_at_exploitation": doubt} if doubt else {}


@transaction.atomic
def case_person_add(*, actor: User, case: Case, role: str, person: Person | None = None, data: PersonInput | None = None,
                    role_fields: RoleFields = RoleFields(), confirm_unlikely: bool = False) -> CasePerson:
    """Put a person in the case: an existing one the actor can see, or a new one from ``data``."""
    require_write(actor, case)
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    fields = _clean_role_fields(role, role_fields)
    source = person if person is not None else data
    birth = (source.birth_year, source.birth_month, source.birth_day) if source is not None else (None, None, None)
    confirmed = plausibility.check(age_doubts(case, fields.get("age_at_exploitation"), birth),
                                   confirmed=confirm_unlikely)
    if person is None:
        if data is None:
            raise ValidationError({"person": _("Choose a person or enter a new one.")})
        person = person_create(actor=actor, data=data, pseudonym_prefix=PSEUDONYM_PREFIX[role], area=case_area(case),
                               default_region=case.lead_institution.country)
    elif not person_visible(actor=actor, person=person):
        raise ValidationError({"person": _("Choose a person or enter a new one.")})
    try:
        with transaction.atomic():
            cp = CasePerson.objects.create(case=case, person=person, role=role, added_by=actor, **fields)
    except IntegrityError:
        raise ValidationError({"role": _("This person already has this role in the case.")}) from None
    audit_record(actor=actor, action="case.person_add", obj=case, case_id=case.pk,
                 details={"person": person.pseudonym, "role": role,
                          **({"confirmed_unlikely": confirmed} if confirmed else {})})
    case_person_added(actor=actor, case=case, case_person=cp)
    return cp


@transaction.atomic
def case_person_update(*, actor: User, case_person: CasePerson, expected_version: int,
                       changes: RoleFields, confirm_unlikely: bool = False) -> CasePerson:
    require_write(actor, case_person.case)
    values = _clean_role_fields(case_person.role, changes)
    p = case_person.person
    if values.get("age_at_exploitation") != case_person.age_at_exploitation:
        plausibility.check(age_doubts(case_person.case, values.get("age_at_exploitation"),
                                      (p.birth_year, p.birth_month, p.birth_day)), confirmed=confirm_unlikely)
    before = {k: getattr(case_person, k) for k in values if k != "notes"}
    update_versioned(case_person, expected_version=expected_version, changes=values)
    after = {k: getattr(case_person, k) for k in values if k != "notes"}
    audit_record(actor=actor, action="case.person_update", obj=case_person.case, case_id=case_person.case_id,
                 details={"person": case_person.person.pseudonym, "changes": diff(before, after),
                          "notes_changed": "notes" in values})
    return case_person


@transaction.atomic
def case_person_remove(*, actor: User, case_person: CasePerson, expected_version: int, reason: str) -> None:
    """Take a person out of this case (a wrong entry, a duplicate role). The person record stays: in
    their other cases, for the audit trail and for matching, seen by whoever still has a reason."""
    require_write(actor, case_person.case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the person is taken out of the case.")})
    removed, _n = CasePerson.objects.filter(pk=case_person.pk, version=expected_version).delete()
    if not removed:
        raise Conflict(_("Someone changed this person's role in the case meanwhile: open the case again."))
    audit_record(actor=actor, action="case.person_remove", obj=case_person.case, case_id=case_person.case_id,
                 details={"person": case_person.person.pseudonym, "role": case_person.role,
                          "reason": reason.strip()[:500]})
