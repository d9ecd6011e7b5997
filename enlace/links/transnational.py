"""Transnational flags: routes that cross a border, and entities that tie cases in two or
more countries together (the same person, phone, document, account, vehicle or company).

Why only visible cases: a flag computed from a case the user may not see would tell them
where that case is. The hidden side of a link is already signalled (hit / no hit) on the
person and case pages; the flags here use only what the user may open.

A case's countries are those of its places plus the lead institution's country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.db.models import Model, QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import list_read
from enlace.cases.models import Case, CasePerson, CasePlace
from enlace.core.batching import id_chunks
from enlace.geo.selectors import country_name
from enlace.links.graph_view import KIND_NAMES
from enlace.persons.models import Organisation, Person
from enlace.persons.selectors import identity_visible, person_label

from . import matching
from .graph import CASE_KEY_KINDS, IDENTIFIER_KINDS, KIND_LABELS
from .models import MatchKey
from .selectors import clusters_of, full_case_ids, roots_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


_M = TypeVar("_M", bound=Model)

@dataclass
class FlaggedEntity:
    kind: str
    node_id: str
    label: str
    cases: list[dict] = field(default_factory=list)  # {"id", "title", "countries"}
    countries: list[str] = field(default_factory=list)
    public_id: UUID | None = None  # a person's, for the link to the network (never the integer key)

    @property
    def country_names(self) -> list[str]:
        return [country_name(c) for c in self.countries]

    @property
    def kind_name(self) -> StrOrPromise:
        return KIND_NAMES.get(self.kind, self.kind)


@dataclass
class Transnational:
    crossing_cases: list[dict]
    entities: list[FlaggedEntity]


def _titles(case_ids: set[int], public: dict[int, UUID]) -> dict[int, str]:
    """Titles of these cases; their public ids (what the page links to) are kept in ``public``."""
    out: dict[int, str] = {}
    for chunk in id_chunks(case_ids):
        for pk, title, uid in Case.objects.filter(pk__in=chunk).values_list("pk", "title", "public_id"):
            out[pk], public[pk] = title, uid
    return out


def _case_countries(case_ids: Iterable[int] | QuerySet[Any, Any]) -> dict[int, set[str]]:
    """Countries per case; ``case_ids`` is a set or a subquery of ids."""
    out: dict[int, set[str]] = defaultdict(set)
    for cid, country in Case.objects.filter(pk__in=case_ids).values_list("pk", "lead_institution__country"):
        out[cid].add(country)
    for cid, country in CasePlace.objects.filter(case_id__in=case_ids).values_list("case_id", "country"):
        out[cid].add(country)
    return out


def transnational(*, actor: User, reveals: dict | None = None, focus_case_id: int | None = None) -> Transnational:
    """Crossing cases and flagged entities among the actor's visible cases.

    ``focus_case_id``: only entities of that case (the case page's flag), still judged
    against all the actor's visible cases. Then the rows tied to the focus case's entities
    are read first (few) and only their cases are checked against the access rule: a
    supervisor or a liaison may see tens of thousands of cases, and filtering every query by
    "any visible case" made SQLite build that whole set several times per page.
    """
    list_read(actor=actor, area="links.transnational", filters={"case": focus_case_id})
    visible: set[int] | None = None
    if focus_case_id is None:
        in_visible = Case.objects.visible_to(actor, full=True).values("pk")  # a subquery, never a list of ids
        visible = set(Case.objects.visible_to(actor, full=True).values_list("pk", flat=True))
    elif not full_case_ids(actor=actor, case_ids={focus_case_id}):
        return Transnational([], [])

    def scoped(qs: QuerySet[_M]) -> QuerySet[_M]:
        return qs.filter(case_id__in=in_visible) if focus_case_id is None else qs

    # Persons (a merged entity counts once, under its root).
    rows = scoped(CasePerson.objects.all())
    if focus_case_id is not None:
        seed_persons = set(CasePerson.objects.filter(case_id=focus_case_id).values_list("person_id", flat=True))
        rows = rows.filter(person_id__in=set().union(*clusters_of(seed_persons).values()) if seed_persons else [])
    person_rows = list(rows.values_list("person_id", "case_id"))
    # Identifiers of those persons, wherever else they appear. Subqueries, not id lists:
    # unfocused, these are every person of every visible case.
    person_filter = {pid for pid, _cid in person_rows} if focus_case_id is not None else rows.values("person_id")
    # django-stubs takes a set or a subquery for ``__in``, not a union of the two.
    id_keys = MatchKey.objects.filter(kind__in=IDENTIFIER_KINDS, person_id__in=person_filter)  # type: ignore[misc]
    key_kind = dict(id_keys.values_list("key", "kind"))
    shared = MatchKey.objects.filter(kind__in=IDENTIFIER_KINDS, key__in=id_keys.values("key"))
    owners: dict[str, set[int]] = defaultdict(set)
    for k, pid in shared.values_list("key", "person_id"):
        owners[k].add(pid)
    owner_rows = list(scoped(CasePerson.objects.filter(person_id__in=shared.values("person_id"))).values_list(
        "person_id", "case_id"))
    # Accounts and vehicles (case keys) and organisations.
    in_scope = (MatchKey.objects.filter(case_id=focus_case_id) if focus_case_id is not None
                else MatchKey.objects.filter(case_id__in=in_visible))
    case_keys = in_scope.filter(kind__in=("account", "plate"))
    ckeys = dict(case_keys.values_list("key", "kind"))
    key_rows = list(scoped(MatchKey.objects.filter(key__in=case_keys.values("key"))).values_list("key", "case_id"))
    orgs = scoped(Case.organisations.through.objects.all())
    if focus_case_id is not None:
        orgs = orgs.filter(organisation_id__in=Case.organisations.through.objects.filter(
            case_id=focus_case_id).values("organisation_id"))
    org_rows = list(orgs.values_list("organisation_id", "case_id"))
    if visible is None:  # focused: keep only the rows of cases the actor fully sees
        seen = full_case_ids(actor=actor, case_ids={cid for rows_ in (person_rows, owner_rows, key_rows, org_rows)
                                                    for _x, cid in rows_})
        person_rows = [r for r in person_rows if r[1] in seen]
        owner_rows = [r for r in owner_rows if r[1] in seen]
        key_rows = [r for r in key_rows if r[1] in seen]
        org_rows = [r for r in org_rows if r[1] in seen]

    entity_cases: dict[str, set[int]] = defaultdict(set)
    roots = roots_of({pid for pid, _cid in person_rows})
    for pid, cid in person_rows:
        entity_cases[f"person:{roots[pid]}"].add(cid)
    owner_cases: dict[int, set[int]] = defaultdict(set)
    for pid, cid in owner_rows:
        owner_cases[pid].add(cid)
    for k, pids in owners.items():
        for pid in pids:
            entity_cases[f"{key_kind[k]}:{k}"] |= owner_cases.get(pid, set())
    for k, cid in key_rows:
        entity_cases[f"{'vehicle' if ckeys[k] == 'plate' else 'account'}:{k}"].add(cid)
    for oid, cid in org_rows:
        entity_cases[f"org:{oid}"].add(cid)
    tied = {c for cs in entity_cases.values() for c in cs}
    countries = _case_countries(in_visible if focus_case_id is None else tied | {focus_case_id})
    public: dict[int, UUID] = {}
    titles = _titles(tied, public)
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
    crossing: list[dict[str, Any]] = []
    if visible is not None:
        for cid in sorted(visible):
            cs = countries.get(cid, set())
            if len(cs) > 1:
                crossing.append({"id": cid, "title": titles.get(cid) or "", "countries": sorted(cs)})
        extra = _titles({c["id"] for c in crossing if c["id"] not in titles}, public)
        for c in crossing:
            c["title"] = titles.get(c["id"]) or extra.get(c["id"], "")
    for c in [*crossing, *(c for e in flagged for c in e.cases)]:
        c["public_id"] = public.get(c["id"])
    return Transnational(crossing_cases=crossing, entities=flagged)


def _label_entities(actor: User, flagged: list[FlaggedEntity], *, reveals: dict | None, visible_owners: set[int],
                    owners: dict[str, set[int]]) -> None:
    for e in flagged:
        ref = e.node_id.split(":", 1)[1]
        if e.kind == "person":
            person = Person.objects.get(pk=int(ref))
            e.label, e.public_id = person_label(actor=actor, person=person, reveals=reveals), person.public_id
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
                        e.label = matching.case_row_label(obj)
                break
