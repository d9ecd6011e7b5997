"""Transnational flags: routes that cross a border, and entities that tie cases in two or
more countries together (the same person, phone, document, account, vehicle or company).

Why only visible cases: a flag computed from a case the user may not see would tell them
where that case is. The hidden side of a link is already signalled (hit / no hit) on the
person and case pages; the flags here use only what the user may open.

A case's countries are those of its places plus the lead institution's country.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from enlace.cases.access import visible_cases
from enlace.cases.models import Case, CasePerson, CasePlace
from enlace.geo.selectors import country_name
from enlace.persons.models import Person
from enlace.persons.selectors import identity_visible, person_label

from . import matching
from .graph import IDENTIFIER_KINDS, KIND_LABELS
from .models import MatchKey
from .selectors import root_of


@dataclass
class FlaggedEntity:
    kind: str
    node_id: str
    label: str
    cases: list[dict] = field(default_factory=list)  # {"id", "title", "countries"}
    countries: list[str] = field(default_factory=list)

    @property
    def country_names(self) -> list[str]:
        return [country_name(c) for c in self.countries]


@dataclass
class Transnational:
    crossing_cases: list[dict]
    entities: list[FlaggedEntity]


def _case_countries(case_ids: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for cid, country in Case.objects.filter(pk__in=case_ids).values_list("pk", "lead_institution__country"):
        out[cid].add(country)
    for cid, country in CasePlace.objects.filter(case_id__in=case_ids).values_list("case_id", "country"):
        out[cid].add(country)
    return out


def transnational(*, actor, reveals: dict | None = None, focus_case_id: int | None = None) -> Transnational:
    """Crossing cases and flagged entities among the actor's visible cases.

    ``focus_case_id``: only entities of that case (the case page's flag), still judged
    against all the actor's visible cases.
    """
    visible = set(visible_cases(actor, full_only=True).values_list("pk", flat=True))
    if focus_case_id is not None and focus_case_id not in visible:
        return Transnational([], [])
    entity_cases: dict[str, set[int]] = defaultdict(set)
    # Persons (a merged entity counts once, under its root).
    seed_persons = None
    if focus_case_id is not None:
        seed_persons = set(CasePerson.objects.filter(case_id=focus_case_id).values_list("person_id", flat=True))
    rows = CasePerson.objects.filter(case_id__in=visible)
    if seed_persons is not None:
        roots = {root_of(p) for p in seed_persons}
        rows = rows.filter(person__in=Person.objects.filter(pk__in=seed_persons) | Person.objects.filter(
            merged_into__in=roots) | Person.objects.filter(pk__in=roots))
    person_cases: dict[int, set[int]] = defaultdict(set)
    for pid, cid in rows.values_list("person_id", "case_id"):
        person_cases[pid].add(cid)
        entity_cases[f"person:{root_of(pid)}"].add(cid)
    # Identifiers of those persons, wherever else they appear among visible cases.
    person_ids = set(person_cases)
    keys = MatchKey.objects.filter(kind__in=IDENTIFIER_KINDS, person_id__in=person_ids).values_list("kind", "key")
    key_kind = dict((k, kind) for kind, k in keys)
    owners: dict[str, set[int]] = defaultdict(set)
    for k, pid in MatchKey.objects.filter(key__in=list(key_kind)).values_list("key", "person_id"):
        owners[k].add(pid)
    all_owner_ids = set().union(*owners.values()) if owners else set()
    owner_cases: dict[int, set[int]] = defaultdict(set)
    for pid, cid in CasePerson.objects.filter(person_id__in=all_owner_ids, case_id__in=visible).values_list(
            "person_id", "case_id"):
        owner_cases[pid].add(cid)
    for k, pids in owners.items():
        for pid in pids:
            entity_cases[f"{key_kind[k]}:{k}"] |= owner_cases.get(pid, set())
    # Accounts and vehicles (case keys) and organisations.
    case_scope = {focus_case_id} if focus_case_id is not None else visible
    ckeys = dict(MatchKey.objects.filter(case_id__in=case_scope, kind__in=("account", "plate")).values_list("key",
                                                                                                         "kind"))
    for k, cid in MatchKey.objects.filter(key__in=list(ckeys), case_id__in=visible).values_list("key", "case_id"):
        entity_cases[f"{'vehicle' if ckeys[k] == 'plate' else 'account'}:{k}"].add(cid)
    orgs = Case.organisations.through.objects.filter(case_id__in=visible)
    if focus_case_id is not None:
        orgs = orgs.filter(organisation_id__in=Case.organisations.through.objects.filter(
            case_id=focus_case_id).values("organisation_id"))
    for oid, cid in orgs.values_list("organisation_id", "case_id"):
        entity_cases[f"org:{oid}"].add(cid)
    countries = _case_countries({c for cs in entity_cases.values() for c in cs} | (
        visible if focus_case_id is None else {focus_case_id}))
    titles = dict(Case.objects.filter(pk__in=set(countries)).values_list("pk", "title"))
    flagged = []
    for node, cids in entity_cases.items():
        union = set().union(*(countries[c] for c in cids)) if cids else set()
        if len(cids) < 2 or len(union) < 2:
            continue
        if focus_case_id is not None and focus_case_id not in cids:
            continue
        flagged.append(FlaggedEntity(
            kind=node.split(":")[0], node_id=node, label="",
            cases=[{"id": c, "title": titles.get(c, ""), "countries": sorted(countries[c])} for c in sorted(cids)],
            countries=sorted(union)))
    _label_entities(actor, flagged, reveals=reveals, visible_owners=set(owner_cases), owners=owners)
    flagged.sort(key=lambda e: (-len(e.countries), -len(e.cases), e.kind, e.label))
    crossing = []
    if focus_case_id is None:
        for cid in sorted(visible):
            cs = countries.get(cid, set())
            if len(cs) > 1:
                crossing.append({"id": cid, "title": titles.get(cid) or "", "countries": sorted(cs)})
        missing = {c["id"] for c in crossing if not c["title"]}
        if missing:
            extra = dict(Case.objects.filter(pk__in=missing).values_list("pk", "title"))
            for c in crossing:
                c["title"] = c["title"] or extra.get(c["id"], "")
    return Transnational(crossing_cases=crossing, entities=flagged)


def _label_entities(actor, flagged: list[FlaggedEntity], *, reveals, visible_owners: set[int], owners) -> None:
    from enlace.persons.models import Organisation

    from .graph import CASE_KEY_KINDS

    for e in flagged:
        ref = e.node_id.split(":", 1)[1]
        if e.kind == "person":
            e.label = person_label(actor=actor, person=Person.objects.get(pk=int(ref)), reveals=reveals)
        elif e.kind == "org":
            e.label = Organisation.objects.filter(pk=int(ref)).values_list("name", flat=True).first() or ""
        elif e.kind in IDENTIFIER_KINDS:
            e.label = f"{KIND_LABELS[e.kind]} #{ref[:4]}"
            for pid in sorted(owners.get(ref, set()) & visible_owners):
                person = Person.objects.prefetch_related("documents", "phones", "emails", "handles",
                                                         "addresses").get(pk=pid)
                if identity_visible(actor=actor, person=person, reveals=reveals):
                    e.label = next((value for _k, k, _c, value in matching.identifier_rows(person) if k == ref),
                                   e.label)
                    break
        else:
            for case in Case.objects.filter(pk__in=[c["id"] for c in e.cases]).prefetch_related(
                    "bank_accounts", "vehicles"):
                for mkind, k, obj in matching.case_rows(case):
                    if k == ref and CASE_KEY_KINDS[mkind] == e.kind:
                        e.label = (f"{obj.bank} {obj.number}".strip() if e.kind == "account"
                                   else f"{obj.plate} {obj.description}".strip())
                break
