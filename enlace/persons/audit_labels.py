"""Persons named in the audit log by pseudonym only, never by name, and found by it
(``enlace.audit.labels``): the auditor's person filter never searches names."""

from __future__ import annotations

from enlace.audit.labels import Finder

from .models import Person


def person_names(ids: list[str]) -> dict[str, str]:
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk): code for pk, code in Person.objects.filter(pk__in=numeric).values_list("pk", "pseudonym")}


def _find(text: str) -> dict[str, str]:
    return {str(pk): code for pk, code in
            Person.objects.filter(pseudonym__iexact=text.strip()).values_list("pk", "pseudonym")}


def _suggest(text: str, limit: int) -> list[str]:
    return list(Person.objects.filter(pseudonym__istartswith=text.strip()).order_by("pseudonym")
                .values_list("pseudonym", flat=True)[:limit])


# A case's entries about one of its persons name them under "person" (added, changed, taken out).
PERSON_FINDER = Finder(object_type="persons.person", subject="person", find=_find, suggest=_suggest,
                       details_keys=("person",))
