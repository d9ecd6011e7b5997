"""Reads of persons. Which persons: ``Person.objects.visible_to`` (``access.py``); whose identity
is shown: the gate in ``identity.py``."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.models import Case, CasePerson
from enlace.core.errors import NotFound
from enlace.core.memo import request_memo

from .identity import (  # noqa: F401 - the gate's names, for the pages that import them from here
    REVEAL_SECONDS,
    identity_visible,
    person_is_protected,
    person_label,
    person_labels,
    protected_person_ids,
)
from .models import Person


def persons_visible(*, actor: User) -> QuerySet[Person]:
    return Person.objects.visible_to(actor)


def person_visible(*, actor: User, person: Person) -> bool:
    """Whether the actor may see this person at all (remembered for the request)."""
    if actor is None or not actor.is_authenticated:
        return False
    return request_memo(("person_visible", actor.pk, person.pk),
                        lambda: Person.objects.visible_to(actor, among=[person.pk]).exists())


def person_get(*, actor: User, person_id: UUID, audit: bool = True) -> Person:
    """The person (by public id) if the actor may see them. A missing person is asked about like
    an existing one (id 0, never a row), so missing and forbidden cost the same queries."""
    person = Person.objects.filter(public_id=person_id).first()
    visible = person_visible(actor=actor, person=person or Person(pk=0))
    if person is None or not visible:
        raise NotFound
    audit_read(actor=actor, action="person.read", obj=person)
    return person


def person_case_roles(*, actor: User, person: Person):
    """The person's roles in cases the actor fully sees (summary-only sharings show no persons)."""
    return (CasePerson.objects.filter(person=person, case__in=Case.objects.visible_to(actor, full=True))
            .select_related("case").order_by("-case__updated_at", "case_id", "id"))


def person_roles_visible(*, actor: User, person: Person) -> list[tuple[UUID, str]]:
    """(case public id, role) of the person in cases the actor fully sees, in case order."""
    return list(person_case_roles(actor=actor, person=person).order_by("case_id", "role")
                .values_list("case__public_id", "role"))


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
