"""Persons named in the audit log by pseudonym only, never by name (``enlace.audit.labels``)."""

from __future__ import annotations

from .models import Person


def person_names(ids: list[str]) -> dict[str, str]:
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk): code for pk, code in Person.objects.filter(pk__in=numeric).values_list("pk", "pseudonym")}
