"""Screenings named in the audit log by pseudonym (``enlace.audit.labels``)."""

from __future__ import annotations

from .models import Screening


def screening_names(ids: list[str]) -> dict[str, str]:
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk): code for pk, code in Screening.objects.filter(pk__in=numeric).values_list("pk", "pseudonym")}
