"""What people type on the network page instead of internal ids: case references and pseudonyms.

A reference (``DTTP-LP-2026-00006``) or a pseudonym is resolved only among the cases and persons
the actor may see; one that exists elsewhere answers exactly like one that does not exist.
Internal ids (``12``, ``case:12``) are still understood, for the links the case pages build.
"""

from __future__ import annotations

import re

from enlace.accounts.models import User
from enlace.cases.models import Case, CaseReference
from enlace.persons.models import Person

_NODE = re.compile(r"^(case|person):(\d+)$")


def case_id_for(*, actor: User, text: str) -> int | None:
    """The id of the visible case with this reference (or this id), else ``None``."""
    text = text.strip()
    if text.isdigit():
        return int(text)  # the page's own links; the network answers 404 when it is not visible
    found = (Case.objects.visible_to(actor).filter(references__number__iexact=text)
             .values_list("pk", flat=True).first())
    return found


def person_id_for(*, actor: User, text: str) -> int | None:
    """The id of the visible person with this pseudonym (or this id), else ``None``."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return Person.objects.visible_to(actor).filter(pseudonym__iexact=text).values_list("pk", flat=True).first()


def node_for(*, actor: User, text: str) -> str | None:
    """``case:<id>`` or ``person:<id>`` for a typed reference, pseudonym or node id, else ``None``."""
    text = text.strip()
    if _NODE.match(text):
        return text
    case_id = None if text.isdigit() else case_id_for(actor=actor, text=text)
    if case_id is not None:
        return f"case:{case_id}"
    person_id = None if text.isdigit() else person_id_for(actor=actor, text=text)
    return f"person:{person_id}" if person_id is not None else None


def reference_suggestions(*, actor: User, limit: int = 200) -> list[str]:
    """References of the cases the actor works, the most recently updated first, for the page's datalist."""
    recent = Case.objects.visible_to(actor).order_by("-updated_at", "-id").values("pk")[:limit]
    numbers = (CaseReference.objects.filter(case_id__in=recent)
               .order_by("-case__updated_at", "number").values_list("number", flat=True))
    return list(dict.fromkeys(numbers))
