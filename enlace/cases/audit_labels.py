"""Cases named in the audit log by their reference numbers (``enlace.audit.labels``)."""

from __future__ import annotations

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
