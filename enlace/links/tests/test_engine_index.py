"""Real-time CandidateIndex: one new record against known records."""

from __future__ import annotations

from enlace.links.engine.index import CandidateIndex
from enlace.links.synth import generate

from .test_engine import FAMILY


def test_new_record_finds_the_same_person_not_her_sister():
    index = CandidateIndex(FAMILY)
    new = {"given_names": "Rosario", "surnames": "QUISPE MAMANI", "birth_date": "1990-12-03",
           "phone": "+591 71234567", "document_number": "4567891-LP"}
    found = index.lookup(new, min_probability=0.5)
    ids = {c.record_id for c in found}
    assert ids & {"a1", "a2", "a3", "a4", "a5"}
    assert not ids & {"s1", "s2", "f1", "x1"}
    assert "document=exact" in next(c for c in found if c.record_id == "a1").reasons


def test_lookup_agrees_with_batch_truth_on_synthetic_records():
    table = generate(2500, seed=8)
    known, queries = table.slice(0, 2400), table.slice(2400).to_pylist()
    index = CandidateIndex(known.drop(["person_id", "family_id"]))
    pid = dict(zip(known.column("record_id").to_pylist(), known.column("person_id").to_pylist(), strict=True))
    present = set(pid.values())
    hits = answerable = false_hits = 0
    for row in queries:
        person = row.pop("person_id")
        row.pop("family_id")
        found = index.lookup(row, min_probability=0.9)
        if person in present:
            answerable += 1
            hits += any(pid[c.record_id] == person for c in found)
        false_hits += sum(pid[c.record_id] != person for c in found)
    assert answerable > 10
    assert hits / answerable > 0.85
    assert false_hits <= 3


def test_unknown_person_gets_no_candidates():
    index = CandidateIndex(FAMILY)
    assert index.lookup({"given_names": "Zacarías", "surnames": "Ixcoy Batz", "birth_date": "1940"}) == []
