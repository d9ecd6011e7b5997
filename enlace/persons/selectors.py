"""Reads of persons: visible only through a case the actor may fully see."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.cases.access import visible_cases
from enlace.cases.models import CasePerson
from enlace.core.errors import NotFound

from .models import PROTECTED_ROLES, Person

if TYPE_CHECKING:
    from enlace.cases.models import CasePerson

REVEAL_SECONDS = 15 * 60


def persons_visible(*, actor: User) -> QuerySet[Person]:
    cases = visible_cases(actor, full_only=True)
    return Person.objects.filter(case_roles__case__in=cases).distinct()


def person_visible(*, actor: User, person: Person) -> bool:
    return visible_cases(actor, full_only=True).filter(case_persons__person=person).exists()


def person_get(*, actor: User, person_id: int, audit: bool = True) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not person_visible(actor=actor, person=person):
        raise NotFound
    if audit:
        audit_record(actor=actor, action="person.read", obj=person)
    return person


def person_is_protected(person: Person) -> bool:
    """Victims, witnesses and reporting persons (in any case) are shown by pseudonym."""
    return person.pk in protected_person_ids({person.pk})


def protected_person_ids(ids: set[int]) -> set[int]:
    """Which of these persons are shown by pseudonym, in one query (pages that label many
    persons at once). A person in no case at all is protected too: nothing says otherwise."""
    roles: dict[int, set[str]] = {pid: set() for pid in ids}
    for pid, role in CasePerson.objects.filter(person_id__in=ids).values_list("person_id", "role"):
        roles[pid].add(role)
    return {pid for pid, rs in roles.items() if not rs or rs & PROTECTED_ROLES}


def identity_visible(*, actor: User, person: Person, reveals: dict | None = None, protected: bool | None = None) -> bool:
    """Whether the actor sees names and identifiers now (``reveals``: person id -> expiry, from the session).

    ``protected``: ``person_is_protected(person)`` when the caller has it already (bulk pages).
    """
    if not actor.can_work_cases:
        return False
    if not (person_is_protected(person) if protected is None else protected):
        return True
    expiry = (reveals or {}).get(str(person.pk))
    return bool(expiry and expiry > time.time())


def person_label(*, actor: User, person: Person, reveals: dict | None = None) -> str:
    return person_labels(actor=actor, persons=[person], reveals=reveals)[person.pk]


def person_labels(*, actor: User, persons: list[Person], reveals: dict | None = None) -> dict[int, str]:
    """``person_label`` for many persons with one query (the same rule, see ``identity_visible``)."""
    if not persons:
        return {}
    protected = protected_person_ids({p.pk for p in persons}) if actor.can_work_cases else set()
    return {p.pk: (p.full_name or p.pseudonym)
            if identity_visible(actor=actor, person=p, reveals=reveals, protected=p.pk in protected)
            else p.pseudonym for p in persons}


def person_case_roles(*, actor: User, person: Person) -> QuerySet[CasePerson]:
    """The person's roles in cases the actor fully sees (summary-only sharings show no persons)."""
    return (CasePerson.objects.filter(person=person, case__in=visible_cases(actor, full_only=True))
            .select_related("case").order_by("-case__updated_at", "case_id", "id"))


def person_find_visible(*, actor: User, pseudonym: str) -> Person | None:
    """The person behind a pseudonym typed into a form, only if the actor may see them."""
    person = Person.objects.filter(pseudonym__iexact=pseudonym.strip()).first()
    if person is None or not person_visible(actor=actor, person=person):
        return None
    return person


def pseudonyms_visible(*, actor: User, limit: int = 500) -> list[str]:
    """Pseudonyms to suggest when adding an existing person (never names)."""
    return list(persons_visible(actor=actor).order_by("pseudonym").values_list("pseudonym", flat=True)[:limit])


def person_identity(*, actor: User, person: Person, reveals: dict | None = None) -> dict | None:
    """Names and identifiers, or None when the actor may not see them now (pseudonym only)."""
    if not identity_visible(actor=actor, person=person, reveals=reveals):
        return None
    return {
        "full_name": person.full_name, "married_surname": person.married_surname,
        "aliases": [a for a in person.aliases.splitlines() if a.strip()], "birth_date": person.birth_date_display,
        "documents": list(person.documents.order_by("id")), "phones": list(person.phones.order_by("id")),
        "emails": list(person.emails.order_by("id")), "addresses": list(person.addresses.order_by("id")),
        "handles": list(person.handles.order_by("id")), "notes": person.notes,
    }
