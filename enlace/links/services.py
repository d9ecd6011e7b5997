"""Keeping the match index current and turning lookups into proposed matches.

``index_person`` is registered on ``enlace.persons.hooks.person_saved``, which the persons
services call right after a person or its identifiers are saved (same transaction): the person's blind-index keys are rewritten and
the person is matched at once, so hits appear on the record the moment it is saved.
Matching never changes a pair a human decided: a rejected pair stays rejected, a confirmed
one stays confirmed, only the score and reasons are refreshed (see ``services_review``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from enlace.cases.models import Case
from enlace.core.batching import id_chunks
from enlace.core.fields import opened
from enlace.persons.models import Person

from . import matching
from .models import (
    CandidateKind,
    CandidateSource,
    CandidateStatus,
    MatchCandidate,
    MatchDecision,
    MatchIndexState,
    MatchKey,
    MatchProfile,
)
from .neighbourhood import Lookup, lookup, neighbourhood
from .selectors import cluster_ids

if TYPE_CHECKING:
    from enlace.cases.models import Case

IDENTIFIER_MAX_BLOCK = 2000  # a "phone" on 2,000 records is a hotline, not evidence
MAX_NAME_CANDIDATES = 40  # persons scored when only name keys bring them (see _candidate_ids)
PREFETCH = ("documents", "phones", "emails", "handles", "addresses")
# The columns a pair is inserted with (``_write_pairs``).
WRITTEN = ("person_a", "person_b", "kind", "score", "reasons", "status", "source", "created_at", "updated_at")
UPDATED = ("score", "reasons", "kind", "updated_at")  # of a stored pair: never its status (the humans' field)
WRITE_CHUNK = 500  # pairs per statement: well under both databases' parameter limits


def _load(ids: Iterable[int]) -> list[Person]:
    return list(Person.objects.filter(pk__in=list(ids)).prefetch_related(*PREFETCH))


def _write_case_keys(case: Case, rows: list[tuple[str, str, float]]) -> None:
    MatchKey.objects.filter(case=case).delete()
    MatchKey.objects.bulk_create([MatchKey(case=case, kind=kind, key=key, strength=strength)
                                  for kind, key, strength in rows])


def _write_persons(features: list[matching.Features]) -> None:
    """Rewrite the keys and the sealed profile of these persons (a few queries for all)."""
    ids = [f.person_id for f in features]
    MatchKey.objects.filter(person_id__in=ids).delete()
    MatchKey.objects.bulk_create([MatchKey(person_id=f.person_id, kind=kind, key=key, strength=strength)
                                  for f in features for kind, key, strength in matching.person_keys(f)],
                                 batch_size=2000)
    # One upsert rather than delete + insert: a round trip less on every save. The new row's
    # public id replaces the old one with the features sealed for it (bound to that id).
    MatchProfile.objects.bulk_create(_profiles(features), batch_size=500, update_conflicts=True,
                                     unique_fields=["person"], update_fields=["features", "public_id"])


def _profiles(features: list[matching.Features]) -> list[MatchProfile]:
    return [MatchProfile(person_id=f.person_id, features=matching.features_dumps(f)) for f in features]


@transaction.atomic
def index_person(person: Person, *, match: bool = True) -> list[MatchCandidate]:
    """Rewrite the person's keys and profile and (by default) match the person against everyone.

    Returns the candidate pairs kept for this person (new or refreshed).
    """
    fresh = _load([person.pk])[0]
    features = matching.person_features(fresh)
    _write_persons([features])
    if not match:
        return []
    return match_person(fresh, features=features)


@transaction.atomic
def index_case(case: Case) -> None:
    """Rewrite the keys of the case's bank accounts and vehicles."""
    case = type(case).objects.prefetch_related("bank_accounts", "vehicles").get(pk=case.pk)
    _write_case_keys(case, matching.case_keys(case))


def _limits(features: matching.Features) -> tuple[dict[str, int], dict[str, int]]:
    """(name key -> block limit, identifier key -> block limit) of one person."""
    identifiers = {k: IDENTIFIER_MAX_BLOCK for keys in features.identifiers.values() for k in keys}
    return matching.name_keys(features), identifiers


def _lookup(person: Person, features: matching.Features) -> tuple[Lookup, set[int]]:
    """One statement reads the candidates with their profiles, the merge state and the stored
    pairs (``neighbourhood.lookup``); the candidates are the persons sharing a usable key.

    Everyone sharing an identifier is scored (a shared phone is a link even between two
    different people) unless the identifier is hotline-like (on more than
    ``IDENTIFIER_MAX_BLOCK`` records); of those brought by name keys alone, the
    ``MAX_NAME_CANDIDATES`` sharing the most keys within their block limit (a true duplicate
    usually shares several). The name keys are narrow enough (``matching.name_block_values``)
    that this is rarely a cut at all. Records merged with the person are never its candidates.
    """
    names, identifiers = _limits(features)
    found = lookup(person.pk, names, identifiers, max_names=MAX_NAME_CANDIDATES)
    ids = set(found.profiles)
    if ids and found.merged:
        ids -= cluster_ids(person)  # rare: only records merged with others pay these queries
    ids.discard(person.pk)
    return found, ids


def _candidate_ids(person: Person, features: matching.Features) -> set[int]:
    """Persons sharing a usable key: crowded name blocks and hotline-like identifiers skipped."""
    return _lookup(person, features)[1]


def _key_holders(person_id: int, limits: dict[str, int]) -> dict[str, list[int]]:
    """The other persons holding each key, read only up to the key's limit + 1."""
    return neighbourhood(person_id, limits, pairs=False).holders


def _features_of(ids: set[int], profiles: dict[int, tuple[Any, Any] | None]) -> list[matching.Features]:
    """The candidates' features from their sealed profiles (as ``lookup`` read them).

    A person without a current profile (indexed before profiles existed, or under an older
    ``PROFILE_FORMAT``) is read and parsed the slow way once, and gets one, so a register
    upgraded in place heals as it is used.
    """
    out: list[matching.Features] = []
    stale: set[int] = set()
    for pid in sorted(ids):
        row = profiles[pid]
        if row is None:
            continue
        features = matching.features_loads(pid, opened(row[1], row[0]) or "")
        if features is None:
            stale.add(pid)
        else:
            out.append(features)
    missing = ids - {f.person_id for f in out}
    if missing:
        fresh = [matching.person_features(p) for p in _load(missing)]
        MatchProfile.objects.filter(person_id__in=stale).delete()
        MatchProfile.objects.bulk_create(_profiles(fresh), ignore_conflicts=True)
        out.extend(fresh)
    return sorted(out, key=lambda f: f.person_id)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _retire(candidates: list[MatchCandidate]) -> None:
    """Machine proposals that no longer hold: dropped unless someone acted on them.

    One statement (the ORM's cascade collector would first read the rows and their
    decisions): a pair with a decision is never deleted, the ``NOT EXISTS`` guarantees it.
    """
    ids = [c.pk for c in candidates
           if c.status == CandidateStatus.PROPOSED and c.source == CandidateSource.REALTIME]
    if not ids:
        return
    q = connection.ops.quote_name
    table, decisions = q(MatchCandidate._meta.db_table), q(MatchDecision._meta.db_table)
    for chunk in id_chunks(ids):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})"  # noqa: S608
                           f" AND NOT EXISTS (SELECT 1 FROM {decisions} d WHERE d.candidate_id = {table}.id)", chunk)


def match_person(person: Person, *, features: matching.Features | None = None) -> list[MatchCandidate]:
    """Score the person against everyone sharing a usable key; write what holds.

    Round trips: one reads everything (``_lookup``: the candidates with their profiles, the
    merge state and the stored pairs), then at most one retires the pairs that no longer
    hold and one writes the new and the changed pairs together (``_write_pairs``). A new
    record with candidates: two statements; a re-save of an unchanged record: one, writing
    nothing. Human decisions are never touched.
    """
    features = features or matching.person_features(person)
    found, ids = _lookup(person, features)
    others = _features_of(ids, found.profiles)
    existing = {_pair(c.person_a_id, c.person_b_id): c for c in found.pairs}
    kept: list[MatchCandidate] = []
    new: list[MatchCandidate] = []
    changed: list[MatchCandidate] = []
    retire: list[MatchCandidate] = []
    for other in others:
        score = matching.score_pair(features, other)
        pair = _pair(person.pk, other.person_id)
        candidate = existing.pop(pair, None)
        if score.kind is None:
            if candidate is not None:
                retire.append(candidate)
            continue
        if candidate is None:
            candidate = MatchCandidate(person_a_id=pair[0], person_b_id=pair[1], kind=score.kind,
                                       score=score.probability, reasons=score.reasons_json(),
                                       source=CandidateSource.REALTIME)
            new.append(candidate)
        elif _refresh(candidate, score):
            changed.append(candidate)
        kept.append(candidate)
    _retire(retire + list(existing.values()))  # the second part: pairs the keys no longer bring together
    _write_pairs(new, changed)
    return kept


def _write_pairs(new: list[MatchCandidate], changed: list[MatchCandidate]) -> None:
    """Insert the new pairs and rewrite the changed ones, in one statement.

    An upsert on the pair: a changed pair's score, reasons, kind and time are rewritten
    (status is the humans' field: never written here). A new pair that another save
    inserted meanwhile (two officers saving the two records of one pair at the same moment
    both find it new) is left as that save wrote it: the update applies only to the rows
    this save read as its own, so the second insert is a no-op, not a failed save.
    """
    now = timezone.now()
    for candidate in new:
        candidate.created_at = candidate.updated_at = now  # what bulk_create's auto_now would set
    q = connection.ops.quote_name
    table = q(MatchCandidate._meta.db_table)
    fields = [f for f in MatchCandidate._meta.concrete_fields if f.name in WRITTEN]
    rows = [(c, False) for c in new] + [(c, True) for c in changed]
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[start:start + WRITE_CHUNK]
        params = [f.get_db_prep_save(now if f.name == "created_at" else getattr(c, f.attname), connection)
                  for c, _old in chunk for f in fields]
        row = f"({', '.join(['%s'] * len(fields))})"
        sql = (f"INSERT INTO {table} ({', '.join(q(str(f.column)) for f in fields)})"  # noqa: S608
               f" VALUES {', '.join([row] * len(chunk))} ON CONFLICT ({q('person_a_id')}, {q('person_b_id')}) ")
        mine = [c.pk for c, old in chunk if old]
        if mine:
            sql += (f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in UPDATED)}"
                    f" WHERE {table}.id IN ({', '.join(['%s'] * len(mine))})")
            params += mine
        else:
            sql += "DO NOTHING"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _refresh(candidate: MatchCandidate, score: matching.Score) -> bool:
    """Bring a stored pair to this score; True when something changed (to be written)."""
    kind = score.kind or CandidateKind.SHARED_IDENTIFIER
    reasons = score.reasons_json()
    if (candidate.score, candidate.reasons, candidate.kind) == (score.probability, reasons, kind):
        return False
    candidate.score, candidate.reasons, candidate.kind = score.probability, reasons, kind
    candidate.updated_at = timezone.now()
    return True


def reindex_all(*, match: bool = True, progress: Callable[[int, int], None] | None = None,
                chunk: int = 500) -> dict[str, int]:
    """Rebuild every key (persons, then cases) and, by default, match every person.

    Keys are written for everyone first, so the matching pass sees the whole register.
    """
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    for start in range(0, total, chunk):
        with transaction.atomic():
            _write_persons([matching.person_features(p) for p in _load(ids[start:start + chunk])])
        if progress:
            progress(min(start + chunk, total), total * (2 if match else 1))
    for case in Case.objects.prefetch_related("bank_accounts", "vehicles").iterator(chunk_size=chunk):
        _write_case_keys(case, matching.case_keys(case))
    # Every person's keys are now of the code's format (the ``links.W001`` check reads this).
    MatchIndexState.objects.update_or_create(pk=1, defaults={"keys_format": matching.KEYS_FORMAT,
                                                             "rebuilt_at": timezone.now()})
    pairs = 0
    if match:
        for start in range(0, total, chunk):
            with transaction.atomic():
                for person in _load(ids[start:start + chunk]):
                    pairs += len(match_person(person))
            if progress:
                progress(total + min(start + chunk, total), total * 2)
    return {"persons": total, "cases": Case.objects.count(), "pairs": pairs,
            "candidates": MatchCandidate.objects.count()}


def vacuum_match_index() -> bool:
    """PostgreSQL: VACUUM ANALYZE the keys and profiles after they were all rewritten.

    Why: the lookups on save are index-only scans, which PostgreSQL uses only for pages its
    visibility map marks all-visible; right after a full rewrite none are, and each lookup
    read the table's pages at random (7 ms instead of 0.6 ms per key, bench/match_on_save.py)
    until autovacuum came by. Does nothing on SQLite or inside a transaction.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (MatchKey, MatchProfile))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {tables}")
    return True


def feed_batch_pairs(pairs: Iterable[tuple[int, int, float, list[dict], bool]], *, min_probability: float) -> dict:
    """Store the batch engine's pairs as proposals, respecting every human decision.

    ``pairs``: (person id, person id, probability, reasons, same_cluster). Decided pairs
    keep their status; an undecided realtime proposal is updated in place.
    """
    created = updated = skipped = 0
    with transaction.atomic():
        for a, b, probability, reasons, same_cluster in pairs:
            if a == b or (probability < min_probability and not same_cluster):
                continue
            pair = _pair(int(a), int(b))
            candidate = MatchCandidate.objects.filter(person_a_id=pair[0], person_b_id=pair[1]).first()
            if candidate is not None and candidate.status != CandidateStatus.PROPOSED:
                skipped += 1  # a human decided: the model never overrides it
                continue
            if candidate is None:
                MatchCandidate.objects.create(person_a_id=pair[0], person_b_id=pair[1],
                                              kind=CandidateKind.SAME_PERSON, score=round(float(probability), 4),
                                              reasons=reasons, source=CandidateSource.BATCH)
                created += 1
            elif probability > candidate.score:
                candidate.score, candidate.reasons = round(float(probability), 4), reasons
                candidate.kind, candidate.source = CandidateKind.SAME_PERSON, CandidateSource.BATCH
                candidate.save(update_fields=["score", "reasons", "kind", "source", "updated_at"])
                updated += 1
    return {"created": created, "updated": updated, "skipped_decided": skipped}
