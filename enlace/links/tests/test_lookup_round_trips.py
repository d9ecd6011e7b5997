"""Matching on save in few round trips: what each statement must still answer.

On PostgreSQL the lookup's time was mostly waiting for the database, one statement after
another. These tests pin the number of statements of a lookup (new record, unchanged
re-save, re-save that changes and retires pairs) and that folding the choice of candidates,
their profiles, the merge check and the existing pairs into one read, and the new and
changed pairs into one write, kept their meaning: the candidates are those the rule picks
from the key holders, merged records are never candidates of each other, a decided pair is
never deleted nor its decision rewritten, a changed pair is rewritten.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from enlace.links import matching
from enlace.links.models import CandidateStatus, MatchCandidate, MatchKey
from enlace.links.services import _candidate_ids, match_person
from enlace.links.services_review import match_decide
from enlace.persons.models import Person

from .links_factories import add_person

pytestmark = pytest.mark.django_db


def _fresh(person: Person) -> Person:
    return Person.objects.prefetch_related("documents", "phones", "emails", "handles", "addresses").get(pk=person.pk)


def _pair(x: Person, y: Person) -> MatchCandidate:
    lo, hi = sorted((x.pk, y.pk))
    return MatchCandidate.objects.get(person_a_id=lo, person_b_id=hi)


def _match(person: Person) -> tuple[list[MatchCandidate], list[str]]:
    person = _fresh(person)
    with CaptureQueriesContext(connection) as ctx:
        kept = match_person(person)
    return kept, [q["sql"].lstrip().split()[0].upper() for q in ctx.captured_queries]


@pytest.fixture
def quispes(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, birth_month=3, birth_day=14, sex="M", phones=["+591 71234567"])
    b = add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    c = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["71234567"])
    return {**world, "a": a, "b": b, "c": c}


def test_a_new_record_is_matched_in_two_statements(quispes):
    """Keys, candidates, their profiles, merge state and existing pairs in one; the new pairs in one."""
    MatchCandidate.objects.all().delete()
    kept, statements = _match(quispes["a"])
    assert {c.other(quispes["a"].pk) for c in kept} == {quispes["b"].pk, quispes["c"].pk}
    assert MatchCandidate.objects.count() == 2
    assert statements == ["WITH", "INSERT"]


def test_an_unchanged_resave_reads_in_one_statement_and_writes_nothing(quispes):
    before = sorted(MatchCandidate.objects.values_list("pk", "score", "kind", "updated_at"))
    kept, statements = _match(quispes["a"])
    assert len(kept) == 2 and all(c.pk for c in kept)
    assert statements == ["WITH"]  # keys, candidates, profiles, merge state and the stored pairs
    assert sorted(MatchCandidate.objects.values_list("pk", "score", "kind", "updated_at")) == before


def test_a_resave_writes_changed_pairs_and_retires_undecided_ones_in_one_statement_each(quispes):
    a, b, c = quispes["a"], quispes["b"], quispes["c"]
    stale = _pair(a, b)
    MatchCandidate.objects.filter(pk=stale.pk).update(score=0.01, reasons=[])
    gone = add_person(quispes["investigator"], quispes["case"], given_names="Eva", first_surname="Luna")
    lo, hi = sorted((a.pk, gone.pk))
    orphan = MatchCandidate.objects.create(person_a_id=lo, person_b_id=hi, kind="same_person", score=0.7)
    lo, hi = sorted((c.pk, gone.pk))
    decided = MatchCandidate.objects.create(person_a_id=lo, person_b_id=hi, kind="same_person", score=0.7)
    match_decide(actor=quispes["investigator"], candidate=decided, decision="not_same")
    _kept, statements = _match(a)
    assert statements == ["WITH", "DELETE", "INSERT"]  # the changed pair rewritten by the upsert
    refreshed = _pair(a, b)
    assert refreshed.score > 0.5 and refreshed.reasons and refreshed.updated_at > stale.updated_at
    assert not MatchCandidate.objects.filter(pk=orphan.pk).exists()  # the keys no longer bring them together
    _kept, _statements = _match(c)  # c's pair with "gone" no longer holds either, but it was decided
    assert MatchCandidate.objects.get(pk=decided.pk).status == CandidateStatus.REJECTED


def test_merged_records_are_never_candidates_of_each_other(quispes):
    a, b = quispes["a"], quispes["b"]
    match_decide(actor=quispes["investigator"], candidate=_pair(a, b), decision="same")
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
    found = {person.pk: _candidate_ids(_fresh(person), matching.person_features(_fresh(person))) for person in (a, b)}
    assert b.pk not in found[a.pk] and quispes["c"].pk in found[a.pk]  # the phone still brings c
    assert a.pk not in found[b.pk]


def test_key_holders_are_read_per_key_up_to_its_limit(quispes):
    """Each key's read stops at its limit + 1, on both databases' forms of the statement."""
    from enlace.links.neighbourhood import neighbourhood

    inv, case = quispes["investigator"], quispes["case"]
    for given in ("Ana", "Eva", "Ivo"):
        add_person(inv, case, given_names=given, first_surname="Vargas", phones=["71234567"])
    phone = MatchKey.objects.get(person=quispes["c"], kind="phone").key
    name_keys = set(MatchKey.objects.filter(person=quispes["a"], kind="name_block").values_list("key", flat=True))
    limits = {phone: 1, **dict.fromkeys(name_keys, 60), "no-such-key": 5}
    around = neighbourhood(quispes["c"].pk, limits)
    assert len(around.holders[phone]) == 2  # 4 others hold it, read to 2
    assert "no-such-key" not in around.holders
    assert all(quispes["c"].pk not in ids for ids in around.holders.values())
    assert set(around.pair_ids) == set(MatchCandidate.objects.filter(
        Q(person_a=quispes["c"]) | Q(person_b=quispes["c"])).values_list("pk", flat=True))
    assert not around.merged


def _rule(names: dict[str, int], identifiers: dict[str, int], holders: dict[str, list[int]], most: int) -> set[int]:
    """The choice of candidates written out in Python, from the key holders alone."""
    found: set[int] = set()
    shared: Counter[int] = Counter()
    for k, ids in holders.items():
        if k in identifiers:
            if len(ids) <= identifiers[k]:
                found.update(ids)
        elif len(ids) <= names[k]:
            shared.update(ids)
    return found | {pid for pid, _n in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:most]}


def test_the_one_read_chooses_the_candidates_the_rule_picks_from_the_key_holders(quispes, monkeypatch):
    """Crowded keys skipped, hotline-like identifiers skipped, name-only candidates ranked by
    shared keys (ties by id) and cut: the statement's choice is the rule's, limit by limit."""
    from enlace.links import services
    from enlace.links.neighbourhood import neighbourhood

    inv, case = quispes["investigator"], quispes["case"]
    for year, month, day in ((1990, 3, 14), (1990, 3, 4), (1990, None, None), (1991, 3, 14), (1960, 1, 2)):
        add_person(inv, case, given_names="Juan", first_surname="Quispe", second_surname="Mamani",
                   birth_year=year, birth_month=month, birth_day=day, sex="M")
    for given in ("Ana", "Eva", "Ivo"):
        add_person(inv, case, given_names=given, first_surname="Vargas", phones=["71234567"])
    target = _fresh(quispes["a"])
    features = matching.person_features(target)
    seen = set()
    for max_block, hotline, most in ((60, 2000, 40), (3, 2000, 40), (60, 3, 2), (2, 4, 1), (60, 2000, 0)):
        monkeypatch.setattr(matching, "MAX_BLOCK", max_block)
        monkeypatch.setattr(services, "IDENTIFIER_MAX_BLOCK", hotline)
        monkeypatch.setattr(services, "MAX_NAME_CANDIDATES", most)
        names, identifiers = services._limits(features)
        holders = neighbourhood(target.pk, {**names, **identifiers}, pairs=False).holders
        chosen = services._candidate_ids(target, features)
        assert chosen == _rule(names, identifiers, holders, most)
        seen.add(frozenset(chosen))
    assert len(seen) >= 4  # the limits did cut, differently


def test_a_decided_pair_is_rescored_but_keeps_its_decision(quispes):
    a, b = quispes["a"], quispes["b"]
    pair = _pair(a, b)
    match_decide(actor=quispes["investigator"], candidate=pair, decision="unsure")
    MatchCandidate.objects.filter(pk=pair.pk).update(score=0.01, reasons=[])
    _kept, statements = _match(a)
    assert statements == ["WITH", "INSERT"]
    after = MatchCandidate.objects.get(pk=pair.pk)
    assert after.status == CandidateStatus.UNSURE and after.score == pair.score and after.reasons == pair.reasons
