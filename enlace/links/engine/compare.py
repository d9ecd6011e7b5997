"""Comparison levels for candidate pairs (vectorised).

Each field turns a pair into a small integer *level*: 0 means one side is missing (no
evidence either way), 1 means the values disagree, higher levels mean stronger agreement.
The levels are the vocabulary of the explanations analysts see ("surnames swapped",
"day and month swapped"), so they are deliberately few and nameable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from .prepare import Prepared


@dataclass(frozen=True)
class FieldSpec:
    name: str
    levels: tuple[str, ...]  # index 0 = missing, 1 = disagree


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("given", ("missing", "different", "similar", "very_similar", "nickname_or_first_name", "exact")),
    FieldSpec("surnames", ("missing", "different", "similar", "one_shared", "first_and_compatible",
                           "swapped", "both_exact")),
    FieldSpec("birth_date", ("missing", "different", "same_year_other_day", "year_only_match",
                             "one_part_differs", "day_month_swapped", "exact")),
    FieldSpec("document", ("missing", "different", "one_edit", "exact")),
    FieldSpec("phone", ("missing", "different", "exact")),
    FieldSpec("email", ("missing", "different", "exact")),
    FieldSpec("sex", ("missing", "different", "same")),
    FieldSpec("nationality", ("missing", "different", "same")),
    FieldSpec("city", ("missing", "different", "same")),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
N_LEVELS = tuple(len(f.levels) for f in FIELDS)


def _pair_scores(a: np.ndarray, b: np.ndarray, vocab: list[str], scorer, workers: int) -> np.ndarray:
    """Similarity for code pairs (a, b); each distinct pair of values is scored once."""
    out = np.zeros(a.size, dtype=np.float32)
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return out
    lo = np.minimum(a[ok], b[ok]).astype(np.int64)
    hi = np.maximum(a[ok], b[ok]).astype(np.int64)
    packed = lo * (len(vocab) + 1) + hi
    uniq, inv = np.unique(packed, return_inverse=True)
    words = np.asarray(vocab, dtype=object)
    left = words[uniq // (len(vocab) + 1)]
    right = words[uniq % (len(vocab) + 1)]
    scores = cpdist(list(left), list(right), scorer=scorer, workers=workers, dtype=np.float32)
    out[ok] = scores[inv]
    return out


def _eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) & (a >= 0)


def _simple(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lvl = np.where(a == b, 2, 1).astype(np.int8)
    lvl[(a < 0) | (b < 0)] = 0
    return lvl


def compare_pairs(prep: Prepared, left: np.ndarray, right: np.ndarray, *, workers: int = -1) -> np.ndarray:
    """Levels matrix (n_pairs x n_fields, int8) for the pairs (left[k], right[k])."""
    n_pairs = left.size
    levels = np.zeros((n_pairs, len(FIELDS)), dtype=np.int8)

    # given names
    ga, gb = prep.given[left], prep.given[right]
    ca, cb = prep.given_canon[left], prep.given_canon[right]
    exact = _eq(ga, gb)
    canon = _eq(ca, cb)
    need = ~exact & ~canon & (ga >= 0) & (gb >= 0)
    jw = np.zeros(n_pairs, dtype=np.float32)
    jw[need] = _pair_scores(ga[need], gb[need], prep.given_vocab, JaroWinkler.normalized_similarity, workers)
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[jw >= 0.80] = 2
    lvl[jw >= 0.92] = 3
    lvl[canon] = 4
    lvl[exact] = 5
    lvl[(ga < 0) | (gb < 0)] = 0
    levels[:, 0] = lvl

    # surnames: first, second and married, in any position
    a1, a2, am = prep.sur1[left], prep.sur2[left], prep.married[left]
    b1, b2, bm = prep.sur1[right], prep.sur2[right], prep.married[right]
    both = _eq(a1, b1) & _eq(a2, b2)
    swapped = _eq(a1, b2) & _eq(a2, b1)
    a_set = (a1, a2, am)
    b_set = (b1, b2, bm)
    shared = np.zeros(n_pairs, dtype=bool)
    for x in a_set:
        for y in b_set:
            shared |= _eq(x, y)
    jw11 = _pair_scores(a1, b1, prep.sur_vocab, JaroWinkler.normalized_similarity, workers)
    jw22 = _pair_scores(a2, b2, prep.sur_vocab, JaroWinkler.normalized_similarity, workers)
    second_ok = (a2 < 0) | (b2 < 0) | (jw22 >= 0.88)
    first_compat = (_eq(a1, b1) & second_ok) | (_eq(a1, b1) & ((am >= 0) | (bm >= 0)))
    fuzzy = (jw11 >= 0.88) & second_ok
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[fuzzy | shared] = 2
    lvl[shared] = 3
    lvl[first_compat] = 4
    lvl[swapped] = 5
    lvl[both] = 6
    lvl[(a1 < 0) | (b1 < 0)] = 0
    levels[:, 1] = lvl

    # birth date (partial dates allowed)
    ya, yb = prep.year[left], prep.year[right]
    ma, mb = prep.month[left], prep.month[right]
    da, db = prep.day[left], prep.day[right]
    full_a, full_b = (ma > 0) & (da > 0), (mb > 0) & (db > 0)
    full = full_a & full_b
    same_y = ya == yb
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[full & same_y] = 2
    lvl[same_y & ~full] = 3
    n_equal = (ya == yb).astype(np.int8) + (ma == mb) + (da == db)
    lvl[full & (n_equal == 2)] = 4
    lvl[full & same_y & (ma == db) & (da == mb)] = 5
    lvl[full & (n_equal == 3)] = 6
    lvl[(ya == 0) | (yb == 0)] = 0
    levels[:, 2] = lvl

    # document
    xa, xb = prep.document[left], prep.document[right]
    both_doc = (xa >= 0) & (xb >= 0)
    exact = _eq(xa, xb)
    near = both_doc & ~exact
    dist = np.full(n_pairs, 9, dtype=np.float32)
    if near.any():
        sim = _pair_scores(xa[near], xb[near], prep.doc_vocab, Levenshtein.distance, workers)
        dist[near] = sim
    lvl = np.where(exact, 3, np.where(near & (dist <= 1), 2, 1)).astype(np.int8)
    lvl[~both_doc] = 0
    levels[:, 3] = lvl

    levels[:, 4] = _simple(prep.phone[left], prep.phone[right])
    levels[:, 5] = _simple(prep.email[left], prep.email[right])
    levels[:, 6] = _simple(prep.sex[left], prep.sex[right])
    levels[:, 7] = _simple(prep.nationality[left], prep.nationality[right])
    levels[:, 8] = _simple(prep.city[left], prep.city[right])
    return levels


def tf_values(prep: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Term frequencies (n_pairs x n_fields, float32, NaN = no adjustment) for agreeing names.

    Why: 'Mamani Quispe' agreeing is weak evidence in the Altiplano, where thousands share
    it, but 'Tzoc Ajpop' agreeing is strong. The model replaces the average chance of an
    accidental agreement (u) by the frequency of the value that agreed.
    """
    tf = np.full(levels.shape, np.nan, dtype=np.float32)
    combo = prep.sur1.astype(np.int64) * (len(prep.sur_vocab) + 1) + prep.sur2
    codes, _ = pd.factorize(combo)
    counts = np.bincount(codes)
    combo_tf = (counts[codes] / prep.n).astype(np.float32)
    g_counts = np.bincount(prep.given[prep.given >= 0], minlength=len(prep.given_vocab))
    sl = levels[:, 1]
    both = sl >= 5
    tf[both, 1] = np.maximum(combo_tf[left[both]], combo_tf[right[both]])
    single = (sl == 4) | (sl == 3)
    s1 = prep.sur1[left[single]]
    tf[single, 1] = prep.sur_tf[np.maximum(s1, 0)]
    gl = levels[:, 0] == 5
    tf[gl, 0] = g_counts[prep.given[left[gl]]] / prep.n
    return tf
