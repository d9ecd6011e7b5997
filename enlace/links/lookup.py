"""What people type on the network page instead of internal ids: case references and pseudonyms.

A reference (``DTTP-LP-2026-00006``) or a pseudonym is resolved only among the cases and persons
the actor may see; one that exists elsewhere answers exactly like one that does not exist.
Public ids (``<uuid>``, ``case:<uuid>``) are understood too, for the links the case pages build;
a public id is turned into the internal key without asking who may see it (the network then
answers 404 for a missing and a forbidden one alike). Integer keys are never accepted.
"""

from __future__ import annotations

from enlace.accounts.models import User
from enlace.cases.models import Case, CaseReference
from enlace.core.public_ids import parse_public_id
from enlace.persons.models import Person

from .node_ids import NO_ROW, internal_node_id


def case_id_for(*, actor: User, text: str) -> int | None:
    """The id of the visible case with this reference (or this public id), else ``None``."""
    text = text.strip()
    public = parse_public_id(text)
    if public is not None:  # the page's own links; the network answers 404 when it is not visible
        return Case.objects.filter(public_id=public).values_list("pk", flat=True).first() or NO_ROW
    found = (Case.objects.visible_to(actor).filter(references__number__iexact=text)
             .values_list("pk", flat=True).first())
    return found


def person_id_for(*, actor: User, text: str) -> int | None:
    """The id of the visible person with this pseudonym (or this public id), else ``None``."""
    text = text.strip()
    public = parse_public_id(text)
    if public is not None:
        return Person.objects.filter(public_id=public).values_list("pk", flat=True).first() or NO_ROW
    return Person.objects.visible_to(actor).filter(pseudonym__iexact=text).values_list("pk", flat=True).first()


def node_for(*, actor: User, text: str) -> str | None:
    """``case:<id>`` or ``person:<id>`` for a typed reference, pseudonym or public node id, else ``None``."""
    text = text.strip()
    if text.partition(":")[0] in ("case", "person") and parse_public_id(text.partition(":")[2]):
        return internal_node_id(text)
    plain_id = parse_public_id(text) is not None
    case_id = None if plain_id else case_id_for(actor=actor, text=text)
    if case_id is not None:
        return f"case:{case_id}"
    person_id = None if plain_id else person_id_for(actor=actor, text=text)
    return f"person:{person_id}" if person_id is not None else None


def reference_suggestions(*, actor: User, limit: int = 200) -> list[str]:
    """References of the cases the actor works, the most recently updated first, for the page's datalist."""
    recent = Case.objects.visible_to(actor).order_by("-updated_at", "-id").values("pk")[:limit]
    numbers = (CaseReference.objects.filter(case_id__in=recent)
               .order_by("-case__updated_at", "number").values_list("number", flat=True))
    return list(dict.fromkeys(numbers))


def typed_name(*, actor: User, center: str) -> str:
    """What the user would have typed for a visible centre (its first reference, or the pseudonym), so the
    form shows that rather than the public id a link carried; "" when there is none to show."""
    kind, _sep, ref = center.partition(":")
    if kind == "case":
        visible = Case.objects.visible_to(actor).filter(pk=int(ref)).values("pk")
        number = CaseReference.objects.filter(case_id__in=visible).order_by("id").values_list("number", flat=True)
        return number.first() or ""
    if kind == "person":
        return Person.objects.visible_to(actor).filter(pk=int(ref)).values_list("pseudonym", flat=True).first() or ""
    return ""
