"""Comparison levels that hold on spellings the engine was not tuned on."""

from __future__ import annotations

import numpy as np

from enlace.links.engine.compare import compare_pairs, level
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import to_table


def _levels(rows: list[dict], pairs: list[tuple[str, str]]) -> np.ndarray:
    prep = prepare(to_table(rows), default_region="PE")
    index = {rid: i for i, rid in enumerate(prep.record_id)}
    left = np.array([index[a] for a, _b in pairs], np.int32)
    right = np.array([index[b] for _a, b in pairs], np.int32)
    return compare_pairs(prep, left, right)


def test_both_surnames_as_heard_are_similar_not_a_conflict():
    rows = [
        {"record_id": "a", "given_names": "Jorge", "surnames": "Quispe Huamán"},
        {"record_id": "b", "given_names": "Jorje", "surnames": "Kizpe Wamán"},
        {"record_id": "c", "given_names": "Jorge", "surnames": "Quispe Guamán"},
        {"record_id": "d", "given_names": "Jorge", "surnames": "Quispe Condori"},
    ]
    levels = _levels(rows, [("a", "b"), ("a", "c"), ("a", "d")])
    surnames = levels[:, 1]
    assert surnames[0] == level("surnames", "similar")
    assert surnames[1] == level("surnames", "first_and_compatible")
    # A second surname that neither reads nor sounds alike stays a conflict.
    assert surnames[2] == level("surnames", "one_shared_others_differ")


def test_a_typo_in_the_first_surname_with_the_second_the_same_is_compatible():
    rows = [
        {"record_id": "a", "given_names": "María", "surnames": "Cruz Quej"},
        {"record_id": "b", "given_names": "María", "surnames": "Cruuz Quej"},
        {"record_id": "c", "given_names": "María", "surnames": "Tzul Quej"},
    ]
    levels = _levels(rows, [("a", "b"), ("a", "c")])
    assert levels[0, 1] == level("surnames", "first_and_compatible")
    assert levels[1, 1] == level("surnames", "one_shared")
