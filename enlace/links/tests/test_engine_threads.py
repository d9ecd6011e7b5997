"""Stages that run in threads, or once per distinct comparison vector, give what the plain
way gives: the same candidate pairs, levels and weights."""

from __future__ import annotations

import numpy as np
import pytest

from enlace.links import synth
from enlace.links.engine import blocking, compare
from enlace.links.engine.blocking import CANDIDATE_KEYS, blocking_keys, candidate_pairs
from enlace.links.engine.compare import compare_pairs
from enlace.links.engine.model import Model, pattern_codes, score
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import default_model, to_table


@pytest.fixture(scope="module")
def prep():
    data = synth.generate(3000, seed=5).drop(["person_id", "family_id"])
    return prepare(to_table(data))


def test_candidate_pairs_in_threads_are_the_pairs_of_one_thread(prep):
    one = candidate_pairs(prep, workers=1)
    two = candidate_pairs(prep, workers=2)
    assert one[0].size > 1000
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
    assert [s.name for s in one[2]] == [s.name for s in two[2]] == [*CANDIDATE_KEYS, blocking.NEAR_DOCUMENTS]


def test_levels_compared_in_threaded_chunks_are_the_levels_of_one_call(prep, monkeypatch):
    left, right, _ = candidate_pairs(prep, workers=1)
    whole = compare_pairs(prep, left, right, workers=1)
    monkeypatch.setattr(compare, "THREADED_MIN_PAIRS", 100)
    monkeypatch.setattr(compare, "THREADED_CHUNK", 257)  # many chunks, the last one short
    threaded = compare_pairs(prep, left, right, workers=2)
    assert np.array_equal(whole, threaded)


def test_keys_asked_by_name_are_those_of_the_whole_set(prep):
    every = blocking_keys(prep)
    some = blocking_keys(prep, ["surnames_sorted", "document"])
    assert list(some) == ["surnames_sorted", "document"]
    assert all(np.array_equal(some[k], every[k]) for k in some)


def test_each_pair_keeps_its_own_comparison_vector(prep):
    left, right, _ = candidate_pairs(prep, workers=1)
    levels = compare_pairs(prep, left, right, workers=1)
    inv, patterns = pattern_codes(levels)
    assert np.array_equal(patterns[inv], levels)
    assert len({row.tobytes() for row in patterns}) == patterns.shape[0] < levels.shape[0]


def test_weights_by_distinct_vector_are_the_weights_of_each_pair_alone(prep):
    model = default_model()
    assert isinstance(model, Model)
    left, right, _ = candidate_pairs(prep, workers=1)
    levels = compare_pairs(prep, left, right, workers=1)[:400]
    tf = compare.tf_values(prep, left[:400], right[:400], levels)
    together, adj = score(model, levels, tf)
    alone = np.array([score(model, levels[i:i + 1], tf[i:i + 1])[0][0] for i in range(levels.shape[0])])
    assert np.allclose(together, alone)
    assert np.unique(np.round(together, 6)).size > 20
