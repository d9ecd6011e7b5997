"""Reads behind the matching pages (combined record, candidate review, requests, panels).

The pages and template tags call these and receive plain rows: every person goes through
``Person.objects.visible_to`` (via ``visible_person_ids``) and every label or identity
through the identity gate, so no page re-applies the need-to-know rule by hand.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.models import CasePerson
from enlace.persons.identity import person_label
from enlace.persons.models import Person
from enlace.persons.selectors import person_identity

from .models import InformationRequest, MatchCandidate, PersonMerge
from .selectors import case_rows, cluster_ids, full_case_ids, root_of, visible_person_ids


def _roles_in(person_id: int, case_ids: set[int]) -> QuerySet[CasePerson]:
    return CasePerson.objects.filter(person_id=person_id, case_id__in=case_ids).select_related("case")


def requests_asked_count(*, actor: User, person: Person) -> int:
    """How many requests for information were sent about this record (to its holders)."""
    units = CasePerson.objects.filter(person=person).values("case__lead_unit_id")
    institutions = CasePerson.objects.filter(person=person).values("case__lead_institution_id")
    held = InformationRequest.objects.filter(Q(to_unit_id__in=units) | Q(to_institution_id__in=institutions,
                                                                         to_unit__isnull=True))
    return sum(1 for ids in held.values_list("held_person_ids", flat=True) if person.pk in ids)


def person_combined(*, actor: User, person: Person, reveals: dict | None = None) -> dict[str, Any]:
    """Every record merged with ``person`` that the actor may see, where each came from, the
    holders of the others (names of units only), and the merges between visible records."""
    members = cluster_ids(person)
    visible = visible_person_ids(actor=actor, ids=members)
    rows = case_rows(members)
    full = full_case_ids(actor=actor, case_ids={r["case_id"] for r in rows})
    records = [{"person": member, "label": person_label(actor=actor, person=member, reveals=reveals),
                "identity": person_identity(actor=actor, person=member, reveals=reveals),
                "is_root": member.pk == root_of(member.pk), "roles": _roles_in(member.pk, full)}
               for member in Person.objects.filter(pk__in=visible).order_by("pk")]
    hidden = {r["case__lead_unit__name"] or r["case__lead_institution__name"] for r in rows
              if r["person_id"] not in visible or r["case_id"] not in full}
    merges = PersonMerge.objects.filter(secondary_id__in=visible, primary_id__in=visible).select_related(
        "primary", "secondary", "merged_by", "undone_by", "decision").order_by("merged_at", "id")
    return {"records": records, "hidden_holders": sorted(hidden), "merges": merges}


def candidate_page(*, actor: User, candidate: MatchCandidate, reveals: dict | None = None,
                   audit: bool = True) -> dict[str, Any]:
    """Both sides of a candidate the actor may see (``candidate_get`` checked it), its decisions
    and merges; reading it is audited."""
    audit_read(actor=actor, action="links.candidate_read", obj=candidate)
    ids = [candidate.person_a_id, candidate.person_b_id]
    full = full_case_ids(actor=actor, case_ids=set(
        CasePerson.objects.filter(person_id__in=ids).values_list("case_id", flat=True)))

    def side(person: Person) -> dict[str, Any]:
        return {"person": person, "label": person_label(actor=actor, person=person, reveals=reveals),
                "identity": person_identity(actor=actor, person=person, reveals=reveals),
                "roles": _roles_in(person.pk, full)}

    return {"a": side(candidate.person_a), "b": side(candidate.person_b),
            "decisions": candidate.decisions.select_related("decided_by"),
            "merges": PersonMerge.objects.filter(decision__candidate=candidate).select_related("primary", "secondary")}


def held_persons(*, actor: User, req: InformationRequest, reveals: dict | None = None) -> list[dict[str, Any]]:
    """The records a request asks the holder about: label when the holder may see them, else pseudonym."""
    visible = visible_person_ids(actor=actor, ids=set(req.held_person_ids))
    return [{"person": p, "visible": p.pk in visible,
             "label": person_label(actor=actor, person=p, reveals=reveals) if p.pk in visible else p.pseudonym}
            for p in Person.objects.filter(pk__in=req.held_person_ids).order_by("pk")]


def export_persons(*, actor: User, ids: list[int]) -> dict[int, Person]:
    """Persons of an exported network the actor may see (their names go out only where the
    network marked the identity visible, which the gate decided when it was built)."""
    return {p.pk: p for p in Person.objects.visible_to(actor, among=ids)}
