"""Cases named in the audit log by their reference numbers, and found by them (``enlace.audit.labels``)."""

from __future__ import annotations

from enlace.audit.labels import Finder

from .models import Case, CaseReference


def case_names(ids: list[str]) -> dict[str, str]:
    """Each case by its first reference number, else its title's number sign and id."""
    numeric = [int(i) for i in ids if i.isdigit()]
    names: dict[str, str] = {}
    for ref in CaseReference.objects.filter(case_id__in=numeric).order_by("case_id", "pk"):
        names.setdefault(str(ref.case_id), ref.number)
    for pk in Case.objects.filter(pk__in=numeric).exclude(pk__in=[int(i) for i in names]).values_list("pk", flat=True):
        names[str(pk)] = f"#{pk}"
    return names


def _find(text: str) -> dict[str, str]:
    return {str(case_id): number for case_id, number in
            CaseReference.objects.filter(number__iexact=text.strip()).values_list("case_id", "number")}


def _suggest(text: str, limit: int) -> list[str]:
    return list(CaseReference.objects.filter(number__istartswith=text.strip()).order_by("number")
                .values_list("number", flat=True)[:limit])


CASE_FINDER = Finder(object_type="cases.case", subject="case", find=_find, suggest=_suggest)
