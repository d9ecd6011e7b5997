"""Screenings named in the audit log by pseudonym, and found by it (``enlace.audit.labels``)."""

from __future__ import annotations

from enlace.audit.labels import Finder

from .models import Screening


def screening_names(ids: list[str]) -> dict[str, str]:
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk): code for pk, code in Screening.objects.filter(pk__in=numeric).values_list("pk", "pseudonym")}


def _find(text: str) -> dict[str, str]:
    return {str(pk): code for pk, code in
            Screening.objects.filter(pseudonym__iexact=text.strip()).values_list("pk", "pseudonym")}


def _suggest(text: str, limit: int) -> list[str]:
    return list(Screening.objects.filter(pseudonym__istartswith=text.strip()).order_by("pseudonym")
                .values_list("pseudonym", flat=True)[:limit])


# A screening's reveal names its pseudonym under "pseudonym".
SCREENING_FINDER = Finder(object_type="screening.screening", subject="person", find=_find, suggest=_suggest,
                          details_keys=("pseudonym",))
