"""Person search across the cases the actor may see: by full name, document or phone, never by plaintext.

Names are encrypted at rest, so a ``LIKE`` on them cannot work and must not be attempted; the
search asks the match index instead. A typed full name is read and turned into the same phonetic
blocking keys a saved record gets (``matching.name_block_values``: given name + surname sound,
given name + both surname sounds), and a typed document or phone into the same blind-index key.
Only keys go to the database. Persons found are kept only when the actor may see them (the
persons' visibility rule: a person in a case they fully see), shown by pseudonym unless the
identity gate lets the name through, with the visible cases they appear in. Every search is
audited (what was searched by and how many were found, never the terms).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.vocabulary import ParticipantRole
from enlace.normalize import PartialDate, normalize_document, normalize_name, normalize_phone
from enlace.persons.identity import person_labels
from enlace.persons.models import Person

from .matching import Features, key, name_block_values
from .models import MatchKey
from .selectors import case_rows, full_case_ids, visible_person_ids

MAX_RESULTS = 50


@dataclass
class Found:
    person: Person
    label: str
    score: int
    cases: list[dict[str, Any]] = field(default_factory=list)


def search_keys(*, name: str = "", document: str = "", phone: str = "") -> list[tuple[str, str]]:
    """(kind, blind-index key) pairs for what was typed; a ``ValidationError`` names what cannot be searched."""
    keys: list[tuple[str, str]] = []
    errors: dict[str, str] = {}
    if name.strip():
        parsed = normalize_name(full_name=name)
        features = Features(person_id=0, names=(parsed,), birth=PartialDate(None, None, None), sex="U",
                            nationality="")
        values = name_block_values(features)
        if not values:
            errors["name"] = _("Type a given name and at least one surname.")
        keys += [("name_block", key("name_block", v)) for v in sorted(values)]
    if document.strip():
        norm = normalize_document(document)
        if norm.match_key:
            keys.append(("document", key("document", norm.match_key)))
        else:
            errors["document"] = _("This document number cannot be read.")
    if phone.strip():
        value = normalize_phone(phone, default_region=settings.ENLACE_DEFAULT_COUNTRY).match_key
        if value:
            keys.append(("phone", key("phone", value)))
        else:
            errors["phone"] = _("This phone number cannot be read.")
    if errors:
        raise ValidationError(errors)
    if not keys:
        raise ValidationError(_("Type a full name, a document number or a phone number."))
    return keys


def person_search(*, actor: User, name: str = "", document: str = "", phone: str = "",
                  reveals: dict | None = None) -> list[Found]:
    """Persons the actor may see that share a search key, the most keys first (audited)."""
    if not actor.can_work_cases:
        return []
    keys = search_keys(name=name, document=document, phone=phone)
    hits: Counter[int] = Counter()
    for kind, k in keys:
        for person_id in MatchKey.objects.filter(kind=kind, key=k, person__isnull=False).values_list(
                "person_id", flat=True):
            hits[person_id] += 1
    visible = visible_person_ids(actor=actor, ids=set(hits))
    ranked = sorted(visible, key=lambda pid: (-hits[pid], pid))[:MAX_RESULTS]
    persons = Person.objects.in_bulk(ranked)
    labels = person_labels(actor=actor, persons=list(persons.values()), reveals=reveals)
    rows = case_rows(set(ranked))
    full = full_case_ids(actor=actor, case_ids={r["case_id"] for r in rows})
    found = {pid: Found(person=persons[pid], label=labels[pid], score=hits[pid]) for pid in ranked}
    for r in rows:
        if r["case_id"] in full:
            found[r["person_id"]].cases.append({"case_id": r["case_id"], "case_public_id": r["case__public_id"], "title": r["case__title"],
                                                "role": ParticipantRole(r["role"]).label if r["role"] in ParticipantRole.values
                                                else r["role"]})
    audit_read(actor=actor, action="person.search", details={
        "by": [k for k, v in (("name", name), ("document", document), ("phone", phone)) if v.strip()],
        "found": len(ranked)}, lead=True)
    return [found[pid] for pid in ranked]
