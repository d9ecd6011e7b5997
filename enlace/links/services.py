"""Keeping the match index current and turning lookups into proposed matches.

``index_person`` is called by the persons services right after a person or its
identifiers are saved (same transaction): the person's blind-index keys are rewritten and
the person is matched at once, so hits appear on the record the moment it is saved.
Matching never changes a pair a human decided: a rejected pair stays rejected, a confirmed
one stays confirmed, only the score and reasons are refreshed (see ``services_review``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count, Q

from enlace.persons.models import Person

from . import matching
from .models import CandidateKind, CandidateSource, CandidateStatus, MatchCandidate, MatchKey
from .selectors import cluster_ids

IDENTIFIER_MAX_BLOCK = 2000  # a "phone" on 2,000 records is a hotline, not evidence
MAX_NAME_CANDIDATES = 100  # persons scored when only name keys bring them (see _candidate_ids)
PREFETCH = ("documents", "phones", "emails", "handles", "addresses")


def _load(ids: Iterable[int]) -> list[Person]:
    return list(Person.objects.filter(pk__in=list(ids)).prefetch_related(*PREFETCH))


def _write_keys(*, person: Person | None = None, case=None, rows: list[tuple[str, str, float]]) -> None:
    MatchKey.objects.filter(person=person, case=case).delete()
    MatchKey.objects.bulk_create([MatchKey(person=person, case=case, kind=kind, key=key, strength=strength)
                                  for kind, key, strength in rows])


@transaction.atomic
def index_person(person: Person, *, match: bool = True) -> list[MatchCandidate]:
    """Rewrite the person's keys and (by default) match the person against everyone else.

    Returns the candidate pairs kept for this person (new or refreshed).
    """
    fresh = _load([person.pk])[0]
    features = matching.person_features(fresh)
    rows = matching.person_keys(features)
    _write_keys(person=fresh, rows=rows)
    if not match:
        return []
    return match_person(fresh, features=features, keys=rows)


@transaction.atomic
def index_case(case) -> None:
    """Rewrite the keys of the case's bank accounts and vehicles."""
    case = type(case).objects.prefetch_related("bank_accounts", "vehicles").get(pk=case.pk)
    _write_keys(case=case, rows=matching.case_keys(case))


def _candidate_ids(person: Person, keys: list[tuple[str, str, float]]) -> set[int]:
    """Persons sharing a usable key: common name blocks and hotline-like identifiers skipped."""
    wanted = {key: kind for kind, key, _ in keys}
    if not wanted:
        return set()
    counts = (MatchKey.objects.filter(key__in=list(wanted), person__isnull=False).exclude(person=person)
              .values("key").annotate(n=Count("id")))
    usable = [c["key"] for c in counts
              if c["n"] <= (matching.MAX_BLOCK if wanted[c["key"]] == "name_block" else IDENTIFIER_MAX_BLOCK)]
    if not usable:
        return set()
    # Everyone sharing an identifier is scored (a shared phone is a link even between two
    # different people); of those brought by name keys alone, only the ones sharing the most
    # keys: a true duplicate usually shares several, and scoring every "Mamani + J" of a large
    # register (hundreds, each decrypted) made a save take seconds (bench/match_on_save.py).
    by_identifier: set[int] = set()
    name_keys: Counter[int] = Counter()
    for pid, kind in (MatchKey.objects.filter(key__in=usable, person__isnull=False).exclude(person=person)
                      .values_list("person_id", "kind")):
        if kind == "name_block":
            name_keys[pid] += 1
        else:
            by_identifier.add(pid)
    ranked = sorted(name_keys.items(), key=lambda item: (-item[1], item[0]))[:MAX_NAME_CANDIDATES]
    return (by_identifier | {pid for pid, _n in ranked}) - cluster_ids(person)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _retire(candidate: MatchCandidate) -> None:
    """A machine proposal that no longer holds: dropped unless someone acted on it."""
    if candidate.status != CandidateStatus.PROPOSED or candidate.source != CandidateSource.REALTIME:
        return
    if candidate.decisions.exists():
        return
    candidate.delete()


def match_person(person: Person, *, features: matching.Features | None = None,
                 keys: list[tuple[str, str, float]] | None = None) -> list[MatchCandidate]:
    features = features or matching.person_features(person)
    keys = keys if keys is not None else matching.person_keys(features)
    others = _load(_candidate_ids(person, keys))
    existing = {_pair(c.person_a_id, c.person_b_id): c
                for c in MatchCandidate.objects.filter(Q(person_a=person) | Q(person_b=person))}
    kept: list[MatchCandidate] = []
    for other in others:
        score = matching.score_pair(features, matching.person_features(other))
        pair = _pair(person.pk, other.pk)
        candidate = existing.pop(pair, None)
        if score.kind is None:
            if candidate is not None:
                _retire(candidate)
            continue
        kept.append(_upsert(pair, score, candidate=candidate, source=CandidateSource.REALTIME))
    for candidate in existing.values():  # pairs the keys no longer bring together
        _retire(candidate)
    return kept


def _upsert(pair: tuple[int, int], score: matching.Score, *, candidate: MatchCandidate | None,
            source: str) -> MatchCandidate:
    kind = score.kind or CandidateKind.SHARED_IDENTIFIER
    if candidate is None:
        return MatchCandidate.objects.create(person_a_id=pair[0], person_b_id=pair[1], kind=kind,
                                             score=score.probability, reasons=score.reasons_json(), source=source)
    candidate.score, candidate.reasons, candidate.kind = score.probability, score.reasons_json(), kind
    candidate.save(update_fields=["score", "reasons", "kind", "updated_at"])  # status is the humans' field
    return candidate


def reindex_all(*, match: bool = True, progress: Callable[[int, int], None] | None = None,
                chunk: int = 500) -> dict[str, int]:
    """Rebuild every key (persons, then cases) and, by default, match every person.

    Keys are written for everyone first, so the matching pass sees the whole register.
    """
    from enlace.cases.models import Case

    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    for start in range(0, total, chunk):
        with transaction.atomic():
            for person in _load(ids[start:start + chunk]):
                _write_keys(person=person, rows=matching.person_keys(matching.person_features(person)))
        if progress:
            progress(min(start + chunk, total), total * (2 if match else 1))
    for case in Case.objects.prefetch_related("bank_accounts", "vehicles").iterator(chunk_size=chunk):
        _write_keys(case=case, rows=matching.case_keys(case))
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
