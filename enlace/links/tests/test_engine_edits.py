"""Ruling out pairs more than one edit apart before computing any distance."""

from __future__ import annotations

import itertools
import random

import numpy as np
from rapidfuzz.distance import OSA

from enlace.links.engine.compare import compare_pairs, level
from enlace.links.engine.edits import edges, may_be_one_edit
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import to_table


def _one_edit_variants(word: str, alphabet: str) -> set[str]:
    out = set()
    for p in range(len(word) + 1):
        out.update(word[:p] + c + word[p:] for c in alphabet)  # a character added
    for p in range(len(word)):
        out.add(word[:p] + word[p + 1:])  # lost
        out.update(word[:p] + c + word[p + 1:] for c in alphabet)  # replaced
    for p in range(len(word) - 1):
        out.add(word[:p] + word[p + 1] + word[p] + word[p + 2:])  # two neighbours swapped
    return out


def test_no_pair_one_edit_apart_is_ruled_out():
    rng = random.Random(7)
    alphabet = "0127"
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(120)}
    words |= {v for w in list(words)[:40] for v in _one_edit_variants(w, alphabet)}
    vocab = sorted(words - {""})
    e = edges(vocab)
    a, b = (np.array(x) for x in zip(*itertools.combinations(range(len(vocab)), 2), strict=True))
    near = np.array([OSA.distance(vocab[i], vocab[j]) <= 1 for i, j in zip(a, b, strict=True)])
    kept = may_be_one_edit(e, a, b)
    assert near.sum() > 1000
    assert not (near & ~kept).any()  # every pair one edit apart (or equal) is kept
    assert (~kept).sum() > 0.5 * (~near).sum()  # and most of the others go


def test_far_numbers_are_ruled_out_by_their_ends_and_lengths():
    vocab = ["12345678", "87654329", "1234567", "123456789012", "92345671"]
    e = edges(vocab)
    assert not may_be_one_edit(e, np.array([0, 0, 0]), np.array([1, 3, 4])).any()
    assert may_be_one_edit(e, np.array([0]), np.array([2])).all()


def test_document_levels_match_the_distance_of_every_pair():
    rng = random.Random(3)
    base = ["".join(rng.choice("0123456789") for _ in range(rng.randint(5, 10))) for _ in range(30)]
    docs = base + [rng.choice(sorted(_one_edit_variants(w, "0123456789"))) for w in base]
    prep = prepare(to_table([{"given_names": "Ana", "surnames": "Quispe", "document_number": d} for d in docs]))
    a, b = (np.array(x, np.int32) for x in zip(*itertools.combinations(range(len(docs)), 2), strict=True))
    got = compare_pairs(prep, a, b, workers=1)[:, 3]
    words = prep.doc_vocab
    expected = [
        level("document", "exact") if prep.document[i] == prep.document[j]
        else level("document", "one_edit") if OSA.distance(words[prep.document[i]], words[prep.document[j]]) <= 1
        else level("document", "different")
        for i, j in zip(a, b, strict=True)
    ]
    assert (got == np.array(expected)).all()
    assert (got == level("document", "one_edit")).sum() >= 30
