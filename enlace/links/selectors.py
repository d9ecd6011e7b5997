"""Reads of matches under need-to-know: full detail for what the actor may see, and for
everything else only the hit / no-hit signal with the holding unit's name (Prüm model).

Equal work: ``hits_for_persons`` loads, labels and scores every candidate and every other
case of the persons asked about, then drops the detail of what the actor may not see. The
queries issued and the per-item work therefore do not depend on which side is visible;
each person's list is padded to ``HIT_SLOTS`` so the time spent does not grow with the
number of hidden matches either (see docs/linking.md, "Hit / no hit across need-to-know").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.audit.reads import list_read
from enlace.cases.access import fully_visible_case_ids
from enlace.cases.models import Case, CasePerson
from enlace.cases.vocabulary import ParticipantRole
from enlace.core.batching import id_chunks
from enlace.core.errors import NotFound
from enlace.core.memo import request_memo
from enlace.persons.identity import person_labels
from enlace.persons.models import Person

from .models import CandidateKind, CandidateStatus, MatchCandidate

HIT_SLOTS = 32  # per person: detail is computed for this many slots, real or padding
REASON_LABELS = {
    "given_name": _("Given name"), "surnames": _("Surnames"), "birth_date": _("Date of birth"), "sex": _("Sex"),
    "nationality": _("Nationality"), "document": _("Identity document"), "phone": _("Phone"),
    "email": _("E-mail"), "handle": _("Social media"), "address": _("Address"),
}

LEVEL_LABELS = {
    "exact": _("same"), "nickname": _("same (nickname)"), "first_only": _("first name agrees"),
    "other_given_name": _("another given name agrees"), "similar": _("similar spelling"),
    "different": _("different"), "initial": _("initial agrees"), "different_initial": _("different initial"),
    "both": _("both agree"), "swapped": _("swapped order"), "first_second_missing": _("first agrees, second missing"),
    "married_name": _("married name"), "one_shared": _("one surname agrees"), "sound_alike": _("sound alike"),
    "one_sounds_alike": _("one sounds alike"), "day_month_swapped": _("day and month swapped"),
    "same_month_day_unknown": _("same month, day unknown"), "same_year": _("same year"),
    "same_month_other_day": _("same month, other day"), "same_year_other_month": _("same year, other month"),
    "year_off_by_one": _("one year apart"), "same": _("same"),
    "same_number_other_country": _("same number, other country"),
}


def reason_rows(reasons: list[dict]) -> list[dict]:
    """Stored reasons with translated field and level labels, strongest first."""
    out = []
    for r in reasons:
        level = r.get("level", "")
        base = level.removesuffix("_alias")
        label = LEVEL_LABELS.get(base, base.replace("_", " "))
        out.append({**r, "label": REASON_LABELS.get(r.get("field", ""), r.get("field", "")),
                    "level_label": label, "alias": level.endswith("_alias")})
    return sorted(out, key=lambda r: -abs(r.get("weight", 0)))


# -- merged clusters --------------------------------------------------------------------------


def roots_of(ids: set[int]) -> dict[int, int]:
    """Person id -> id of the record it was (transitively) merged into, or itself.

    One query per level of merging (usually one), whatever the number of persons; remembered
    for the request (the case page's matches panel and its transnational flag ask about the
    same persons; a merge is an audited write, which forgets it).
    """
    return dict(request_memo(("roots_of", frozenset(ids)), lambda: _roots_of(set(ids))))


def _roots_of(ids: set[int]) -> dict[int, int]:
    parent: dict[int, int | None] = {}
    frontier = set(ids)
    while frontier:
        rows: dict[int, int | None] = {}
        for chunk in id_chunks(frontier):
            rows.update(Person.objects.filter(pk__in=chunk).values_list("pk", "merged_into_id"))
        parent.update({pid: rows.get(pid) for pid in frontier})
        frontier = {p for p in rows.values() if p and p not in parent}
    out = {}
    for pid in ids:
        seen, cur = {pid}, pid
        while parent.get(cur) and parent[cur] not in seen:
            cur = parent[cur]  # type: ignore[assignment]
            seen.add(cur)
        out[pid] = cur
    return out


def root_of(person: Person | int) -> int:
    """Id of the record a person was (transitively) merged into, or its own id."""
    pid = person if isinstance(person, int) else person.pk
    return roots_of({pid})[pid]


def clusters_of(ids: set[int]) -> dict[int, set[int]]:
    """Person id -> every record merged with it (its root and all records merged into that root);
    remembered for the request like ``roots_of``."""
    found = request_memo(("clusters_of", frozenset(ids)), lambda: _clusters_of(set(ids)))
    return {pid: set(members) for pid, members in found.items()}


def _clusters_of(ids: set[int]) -> dict[int, set[int]]:
    roots = roots_of(ids)
    members: dict[int, set[int]] = {r: {r} for r in roots.values()}
    owner = {r: r for r in members}  # member id -> root
    frontier = set(members)
    while frontier:
        rows = list(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", "merged_into_id"))
        frontier = set()
        for pid, parent in rows:
            if pid not in owner:
                owner[pid] = owner[parent]
                members[owner[parent]].add(pid)
                frontier.add(pid)
    return {pid: members[roots[pid]] for pid in ids}


def cluster_ids(person: Person | int) -> set[int]:
    """Every record merged with this one (the root and all records merged into it)."""
    pid = person if isinstance(person, int) else person.pk
    return clusters_of({pid})[pid]


# -- visibility helpers -------------------------------------------------------------------------


def visible_person_ids(*, actor: User, ids: set[int]) -> set[int]:
    """Which of these persons the actor may see: ``Person.objects.visible_to``, asked about
    these ids only (every reason narrowed to them), never by building the whole visible set."""
    out: set[int] = set()
    for chunk in id_chunks(ids):
        out |= set(Person.objects.visible_to(actor, among=chunk).values_list("pk", flat=True))
    return out


@dataclass(frozen=True)
class Holder:
    """Who holds a hidden record: the lead unit of the case (or its institution)."""

    kind: str  # "unit" or "institution"
    id: int
    name: str

    @property
    def token(self) -> str:
        return f"{self.kind}-{self.id}"


def _holder(row: dict) -> Holder:
    if row["case__lead_unit_id"]:
        return Holder("unit", row["case__lead_unit_id"], row["case__lead_unit__name"])
    return Holder("institution", row["case__lead_institution_id"], row["case__lead_institution__name"])


def case_rows(person_ids: set[int]) -> list[dict[str, Any]]:
    return list(CasePerson.objects.filter(person_id__in=person_ids).values(  # type: ignore[arg-type]
        "person_id", "case_id", "case__public_id", "role", "case__title", "case__lead_unit_id", "case__lead_unit__name",
        "case__lead_institution_id", "case__lead_institution__name"))


def full_case_ids(*, actor: User, case_ids: set[int]) -> set[int]:
    """Which of these cases the actor fully sees: checked for the given ids only, never by
    building the actor's whole visible set, and each case once per request."""
    return fully_visible_case_ids(actor, case_ids)


# -- hits ---------------------------------------------------------------------------------------


@dataclass
class VisibleHit:
    candidate: MatchCandidate | None  # None: the same record (or a merged one) in another case
    person: Person
    label: str
    score: float | None
    kind: str
    status: str
    reasons: list[dict]
    cases: list[dict]


@dataclass
class PersonHits:
    person: Person
    visible: list[VisibleHit] = field(default_factory=list)
    other_cases: list[dict] = field(default_factory=list)  # this record's own other visible cases
    hidden: list[Holder] = field(default_factory=list)  # one signal per holder
    label: str = ""

    @property
    def count(self) -> int:
        return len(self.visible) + len(self.other_cases) + len(self.hidden)


def _role(code: str) -> str:
    return str(ParticipantRole(code).label) if code in ParticipantRole.values else code


def hits_for_persons(*, actor: User, persons: list[Person], reveals: dict | None = None,
                     exclude_case_id: int | None = None) -> list[PersonHits]:
    """Hits of each person: visible matches in full, hidden ones as one signal per holder.

    ``exclude_case_id``: the case the page is about (its own rows are not "other cases").
    """
    anchors = {p.pk: p for p in persons}
    clusters = clusters_of(set(anchors))
    member_ids = set().union(*clusters.values()) if clusters else set()
    candidates = list(MatchCandidate.objects.filter(Q(person_a_id__in=member_ids) | Q(person_b_id__in=member_ids))
                      .exclude(status=CandidateStatus.REJECTED).select_related("person_a", "person_b"))
    other_ids = {c.person_a_id for c in candidates} | {c.person_b_id for c in candidates}
    all_ids = other_ids | member_ids
    rows = case_rows(all_ids)
    full_ids = full_case_ids(actor=actor, case_ids={r["case_id"] for r in rows})
    visible_ids = visible_person_ids(actor=actor, ids=all_ids)
    by_person: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_person[r["person_id"]].append(r)
    persons_by_id = {c.person_a_id: c.person_a for c in candidates} | {c.person_b_id: c.person_b for c in candidates}
    labels = person_labels(actor=actor, persons=list(({p.pk: p for p in persons_by_id.values()} | anchors).values()),
                           reveals=reveals)
    result = []
    for pid, anchor in anchors.items():
        out = PersonHits(person=anchor, label=labels[pid])
        members = clusters[pid]
        slots: list[tuple[bool, tuple[str, Any], set[Holder]]] = []
        # The record itself and records merged with it, in other cases.
        for r in (r for m in sorted(members) for r in by_person.get(m, ()) if r["case_id"] != exclude_case_id):
            detail = {"case_id": r["case_id"], "case_public_id": r["case__public_id"], "title": r["case__title"], "role": _role(r["role"]),
                      "person_id": r["person_id"]}
            # The person page lists the record's own visible cases already: only "other" ones here.
            what = "own" if r["person_id"] == pid and exclude_case_id is None else "case"
            slots.append((r["case_id"] in full_ids, (what, detail), {_holder(r)}))
        seen_pairs = set()
        for c in candidates:
            mine = c.person_a_id if c.person_a_id in members else c.person_b_id if c.person_b_id in members else None
            other = c.other(mine) if mine is not None else None
            if other is None or other in members or (pid, other) in seen_pairs:
                continue
            seen_pairs.add((pid, other))
            other_rows = [r for r in by_person.get(other, ()) if r["case_id"] != exclude_case_id]
            detail_hit = VisibleHit(
                candidate=c, person=persons_by_id[other],
                label=labels[other],
                score=c.score, kind=c.kind, status=c.status, reasons=reason_rows(c.reasons),
                cases=[{"case_id": r["case_id"], "case_public_id": r["case__public_id"], "title": r["case__title"], "role": _role(r["role"])}
                       for r in other_rows if r["case_id"] in full_ids])
            holders = {_holder(r) for r in other_rows if r["case_id"] not in full_ids}
            slots.append((other in visible_ids, ("match", detail_hit), holders))
        _pad(slots, labels=labels, anchor=anchor)
        hidden: dict[str, Holder] = {}
        for shown, (what, detail), holders in slots:
            if what == "pad":
                continue
            if shown and what != "own":
                (out.other_cases if what == "case" else out.visible).append(detail)
            for holder in sorted(holders, key=lambda h: h.token):
                if not shown or what == "match":
                    hidden.setdefault(holder.token, holder)
        out.hidden = sorted(hidden.values(), key=lambda h: h.name)
        out.visible.sort(key=lambda h: (-(h.score or 0), h.person.pk))
        result.append(out)
    return result


def _pad(slots: list, *, labels: dict[int, str], anchor: Person) -> None:
    """Same number of slots per person whatever is behind them (timing, see module doc):
    each padding slot does the per-hit work (a label lookup) and is then dropped. The labels
    of all candidates were loaded in one query before, visible or not."""
    while len(slots) < HIT_SLOTS:
        labels.get(anchor.pk)
        slots.append((False, ("pad", None), set()))


def person_in_case(*, actor: User, case: Case, person_id: UUID) -> Person:
    """A person of a case the actor fully sees, else ``NotFound`` (as for a missing one)."""
    if not full_case_ids(actor=actor, case_ids={case.pk}):
        raise NotFound
    row = CasePerson.objects.filter(case=case, person__public_id=person_id).select_related("person").first()
    if row is None:
        raise NotFound
    return row.person


def person_hits(*, actor: User, person: Person, reveals: dict | None = None) -> PersonHits:
    return hits_for_persons(actor=actor, persons=[person], reveals=reveals)[0]


def case_hits(*, actor: User, case: Case, reveals: dict | None = None) -> list[PersonHits]:
    """Hits of every person of a case the actor fully sees (else nothing)."""
    if not full_case_ids(actor=actor, case_ids={case.pk}):
        return []
    persons = [cp.person for cp in CasePerson.objects.filter(case=case).select_related("person").order_by("id")]
    unique = list({p.pk: p for p in persons}.values())
    return hits_for_persons(actor=actor, persons=unique, reveals=reveals, exclude_case_id=case.pk)


def holders_for(*, actor: User, person: Person) -> dict[str, tuple[Holder, list[int]]]:
    """Holders of hidden hits of a visible person -> (holder, held person ids). For requests."""
    members = cluster_ids(person)
    candidates = MatchCandidate.objects.filter(Q(person_a_id__in=members) | Q(person_b_id__in=members)).exclude(
        status=CandidateStatus.REJECTED)
    others = {c.person_b_id if c.person_a_id in members else c.person_a_id for c in candidates} - members
    rows = case_rows(others | members)
    full = full_case_ids(actor=actor, case_ids={r["case_id"] for r in rows})
    out: dict[str, tuple[Holder, list[int]]] = {}
    for r in rows:
        if r["case_id"] in full:
            continue
        if r["person_id"] not in members and r["person_id"] not in others:
            continue
        holder = _holder(r)
        entry = out.setdefault(holder.token, (holder, []))
        if r["person_id"] not in entry[1]:
            entry[1].append(r["person_id"])
    return out


# -- review queue ---------------------------------------------------------------------------


def can_decide(*, actor: User, candidate: MatchCandidate) -> bool:
    if not actor.can_create_cases:
        return False
    ids = {candidate.person_a_id, candidate.person_b_id}
    return visible_person_ids(actor=actor, ids=ids) == ids


def review_queue(*, actor: User, statuses: tuple[str, ...] = (CandidateStatus.PROPOSED, CandidateStatus.UNSURE)
                 ) -> QuerySet[MatchCandidate]:
    """Same-person proposals the actor may decide: both records visible, role may decide."""
    list_read(actor=actor, area="links.candidate", filters={"statuses": ",".join(statuses)})
    if not actor.can_create_cases:
        return MatchCandidate.objects.none()
    visible = Person.objects.visible_to(actor).values("pk")
    return (MatchCandidate.objects.filter(kind=CandidateKind.SAME_PERSON, status__in=statuses,
                                          person_a__in=visible, person_b__in=visible)
            .select_related("person_a", "person_b").order_by("-score", "id"))


def candidate_get(*, actor: User, candidate_id: int) -> MatchCandidate:
    """A candidate whose two records the actor sees (else NotFound, like a missing one)."""
    candidate = MatchCandidate.objects.select_related("person_a", "person_b").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound
    ids = {candidate.person_a_id, candidate.person_b_id}
    if visible_person_ids(actor=actor, ids=ids) != ids:
        raise NotFound
    return candidate
