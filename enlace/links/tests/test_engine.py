"""Batch entity resolution: clustering behaviour on hand-made and synthetic records."""

from __future__ import annotations

import numpy as np
import pytest

from enlace.links.engine import Settings, resolve_records
from enlace.links.engine.blocking import pairs_for_key
from enlace.links.engine.metrics import pairwise_scores
from enlace.links.synth import generate

FAMILY = [
    # The same woman five times, written five ways.
    {"record_id": "a1", "given_names": "María Rosario", "surnames": "Mamani Quispe", "birth_date": "12/03/1990",
     "sex": "F", "document_number": "4567891 LP", "phone": "71234567", "city": "El Alto"},
    {"record_id": "a2", "given_names": "Charo", "surnames": "Quispe Mamani", "birth_date": "1990-03-12",
     "sex": "Femenino", "phone": "+591 7123 4567", "city": "El Alto"},
    {"record_id": "a3", "given_names": "", "surnames": "MAMANI QUISPE, MARIA ROSARIO", "birth_date": "03/12/1990",
     "document_number": "4.567.891", "city": "La Paz"},
    {"record_id": "a4", "given_names": "Maria Rosario", "surnames": "Mamani de Condori", "birth_date": "1990",
     "sex": "F", "document_number": "4567891-LP"},
    {"record_id": "a5", "given_names": "MARIA ROSARIO", "surnames": "MAMANI", "birth_date": "12/03/1990",
     "phone": "00591 71234567", "nationality": "Boliviana"},
    # Her sister and her father: same surnames, same phone and town, other names and dates.
    {"record_id": "s1", "given_names": "Juana", "surnames": "Mamani Quispe", "birth_date": "05/07/1993",
     "sex": "F", "phone": "71234567", "city": "El Alto"},
    {"record_id": "s2", "given_names": "Juana", "surnames": "Mamani Quispe", "birth_date": "05/07/1993",
     "sex": "F", "document_number": "7788991 LP", "phone": "71234567", "city": "El Alto"},
    {"record_id": "f1", "given_names": "Pedro", "surnames": "Mamani Choque", "birth_date": "1961",
     "sex": "M", "phone": "71234567", "city": "El Alto"},
    # A stranger with a very common name.
    {"record_id": "x1", "given_names": "Juan", "surnames": "Condori Flores", "birth_date": "01/01/1985",
     "sex": "M", "phone": "76543210", "city": "Oruro"},
]


def _clusters(res) -> dict[str, int]:
    return dict(zip(res.record_ids, res.cluster_ids.tolist(), strict=True))


def test_known_duplicates_are_clustered_and_relatives_stay_apart():
    c = _clusters(resolve_records(FAMILY))
    assert c["a1"] == c["a2"] == c["a3"] == c["a4"] == c["a5"]
    assert c["s1"] == c["s2"]
    assert c["s1"] != c["a1"]
    assert c["f1"] not in {c["a1"], c["s1"]}
    assert c["x1"] not in {c["a1"], c["s1"], c["f1"]}


def test_every_record_gets_a_cluster_and_unknown_or_missing_columns_are_fine():
    rows = [{"record_id": "1", "given_names": "Ana", "shoe_size": "38"}, {"record_id": "2"}]
    res = resolve_records(iter(rows))  # an iterator of dicts is accepted
    assert len(res.cluster_ids) == 2
    assert res.record_ids == ["1", "2"]


def test_pairs_carry_reasons():
    res = resolve_records(FAMILY)
    frame = res.pairs_frame(min_probability=0.5)
    row = frame[(frame.record_id_a == "a1") & (frame.record_id_b == "a5")].iloc[0]
    assert "birth_date=exact" in row.reasons
    assert "given=exact" in row.reasons
    assert row.same_cluster


def test_cannot_link_label_is_respected_and_must_link_forces_a_merge():
    labels = [("a1", "a2", False), ("s1", "x1", True)]
    c = _clusters(resolve_records(FAMILY, labels=labels))
    assert c["a1"] != c["a2"]
    assert c["s1"] == c["x1"]
    # The other records of the woman still join one of the two sides, never both.
    assert c["a5"] in {c["a1"], c["a2"]}


def test_labels_conflict_is_reported_not_silently_merged():
    labels = [("a1", "a2", True), ("a1", "a2", False)]
    res = resolve_records(FAMILY, labels=labels)
    c = _clusters(res)
    assert c["a1"] != c["a2"]
    assert res.label_conflicts


def test_synthetic_batch_quality_is_high_with_em_training():
    table = generate(4000, seed=3)
    res = resolve_records(table, settings=Settings(min_records_for_em=1000))
    truth = table.column("person_id").to_numpy()
    scores = pairwise_scores(res.cluster_ids, truth)
    assert scores["precision"] > 0.95
    assert scores["recall"] > 0.9
    # Relatives (same family, different person) are almost never put together.
    family = table.column("family_id").to_numpy()
    left, right = res.left, res.right
    together = res.cluster_ids[left] == res.cluster_ids[right]
    relatives = (family[left] == family[right]) & (truth[left] != truth[right])
    assert relatives.sum() > 100
    assert (together & relatives).sum() / relatives.sum() < 0.02


def test_block_pairs_match_brute_force():
    rng = np.random.default_rng(0)
    key = rng.integers(-1, 6, size=40)
    left, right, skipped, _ = pairs_for_key(key, max_block=8)
    got = {(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist(), strict=True)}
    sizes = {k: int((key == k).sum()) for k in set(key.tolist()) if k >= 0}
    want = {(i, j) for i in range(40) for j in range(i + 1, 40)
            if key[i] == key[j] and key[i] >= 0 and sizes[int(key[i])] <= 8}
    assert got == want
    assert skipped == sum(1 for s in sizes.values() if s > 8)


def test_pairwise_scores():
    s = pairwise_scores([0, 0, 1, 1], [5, 5, 5, 6])
    assert s["true_pairs"] == 3 and s["predicted_pairs"] == 2 and s["true_positive_pairs"] == 1
    assert s["precision"] == pytest.approx(0.5) and s["recall"] == pytest.approx(1 / 3)
