"""Comparison levels for candidate pairs (vectorised).

Each field turns a pair into a small integer *level*: 0 means one side is missing (no
evidence either way), 1 means the values disagree, higher levels mean stronger agreement.
The levels are the vocabulary of the explanations analysts see ("surnames swapped",
"day and month swapped"), so they are deliberately few and nameable.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.process import cpdist

from .blocking import _lookup
from .edits import Edges, may_be_one_edit
from .memory import release_freed_memory
from .parallel import cores_for
from .prepare import Prepared

# From this many pairs on, chunks of them are compared in threads, this many pairs a chunk
# (smaller chunks: less memory at once, more calls; at 1M records this size took about half
# a second more than one chunk per thread, and 45 MB less at the resolver's peak).
THREADED_MIN_PAIRS = 200_000
THREADED_CHUNK = 500_000


@dataclass(frozen=True)
class FieldSpec:
    name: str
    levels: tuple[str, ...]  # index 0 = missing, 1 = disagree


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("given", ("missing", "different", "similar", "swapped_with_surname", "very_similar",
                        "nickname_or_first_name", "exact")),
    FieldSpec("surnames", ("missing", "different", "one_shared_others_differ", "swapped_with_given", "similar",
                           "one_shared", "first_and_compatible", "swapped", "both_exact")),
    FieldSpec("birth_date", ("missing", "different", "same_year_other_day", "year_off_by_one",
                             "year_only_match", "one_part_differs", "day_month_swapped", "exact")),
    FieldSpec("document", ("missing", "different", "one_edit", "exact")),
    FieldSpec("phone", ("missing", "different", "exact")),
    FieldSpec("email", ("missing", "different", "exact")),
    FieldSpec("sex", ("missing", "different", "same")),
    FieldSpec("nationality", ("missing", "different", "same")),
    FieldSpec("city", ("missing", "different", "same")),
    FieldSpec("address", ("missing", "different", "similar", "very_similar", "exact")),
    FieldSpec("postcode", ("missing", "different", "one_edit", "exact")),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def level(field: str, name: str) -> int:
    """Level number of a named level, so code never hard-codes positions."""
    return FIELDS[FIELD_NAMES.index(field)].levels.index(name)
N_LEVELS = tuple(len(f.levels) for f in FIELDS)


def _pair_scores(a: np.ndarray, b: np.ndarray, words: np.ndarray, scorer, workers: int, *,
                 other: np.ndarray | None = None) -> np.ndarray:
    """Similarity for code pairs (a, b); each distinct pair of values is scored once.

    words: a's vocabulary as an array (``Prepared.words``); other: b's, when it differs
    (then the order of a pair matters, otherwise a pair and its reverse are one).
    """
    out = np.zeros(a.size, dtype=np.float32)
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return out
    radix = max(len(words), 0 if other is None else len(other)) + 1
    if other is None:
        lo = np.minimum(a[ok], b[ok]).astype(np.int64)
        hi = np.maximum(a[ok], b[ok]).astype(np.int64)
    else:
        lo, hi = a[ok].astype(np.int64), b[ok].astype(np.int64)
    inv, uniq = pd.factorize(lo * radix + hi)
    left = words[uniq // radix]
    right = (words if other is None else other)[uniq % radix]
    scores = cpdist(list(left), list(right), scorer=scorer, workers=workers, dtype=np.float32)
    out[ok] = scores[inv]
    return out


def _eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) & (a >= 0)


def _share_a_meaning(alts: np.ndarray, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Canonical given names that may stand for the same name: a nickname with several
    meanings (Beto) agrees with each of them (Alberto, Roberto, Humberto), as on save."""
    out = np.zeros(ca.size, dtype=bool)
    if alts.size == 0 or not (alts >= 0).any():
        return out
    has = np.asarray((alts >= 0).any(axis=1))  # per row (numpy types any() as possibly a scalar)
    both = (ca >= 0) & (cb >= 0)
    idx = np.flatnonzero(both & (has[np.maximum(ca, 0)] | has[np.maximum(cb, 0)]))
    if idx.size == 0:
        return out
    left = np.column_stack([alts[ca[idx]], ca[idx]])
    right = np.column_stack([alts[cb[idx]], cb[idx]])
    out[idx] = ((left[:, :, None] == right[:, None, :]) & (left[:, :, None] >= 0)).any(axis=(1, 2))
    return out


def _simple(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lvl = np.where(a == b, 2, 1).astype(np.int8)
    lvl[(a < 0) | (b < 0)] = 0
    return lvl


def compare_pairs(prep: Prepared, left: np.ndarray, right: np.ndarray, *, workers: int = -1,
                  chunk: int = 2_000_000) -> np.ndarray:
    """Levels matrix (n_pairs x n_fields, int8) for the pairs (left[k], right[k]).

    Works in chunks so temporary arrays stay small whatever the number of pairs. With more
    than one worker (workers as ``Settings.workers``: -1 is every core) and enough pairs,
    chunks are compared in threads: most of the work is numpy and rapidfuzz, which let
    other threads run meanwhile, and each chunk writes its own rows.
    """
    levels = np.zeros((left.size, len(FIELDS)), dtype=np.int8)
    threads = cores_for(workers)
    threaded = threads > 1 and left.size >= THREADED_MIN_PAIRS
    if threaded:
        chunk = min(chunk, THREADED_CHUNK)
    spans = [(start, min(left.size, start + chunk)) for start in range(0, left.size, chunk)]

    def run(span: tuple[int, int]) -> None:
        start, stop = span
        levels[start:stop] = _compare_chunk(prep, left[start:stop], right[start:stop], 1 if threaded else workers)

    if threaded:
        with ThreadPoolExecutor(min(threads, len(spans))) as pool:
            list(pool.map(run, spans))
        release_freed_memory()
    else:
        for span in spans:
            run(span)
    return levels


def _compare_chunk(prep: Prepared, left: np.ndarray, right: np.ndarray, workers: int) -> np.ndarray:
    n_pairs = left.size
    levels = np.zeros((n_pairs, len(FIELDS)), dtype=np.int8)

    # given names
    ga, gb = prep.given[left], prep.given[right]
    ca, cb = prep.given_canon[left], prep.given_canon[right]
    exact = _eq(ga, gb)
    canon = _eq(ca, cb) | _share_a_meaning(prep.canon_alts, ca, cb)
    need = ~exact & ~canon & (ga >= 0) & (gb >= 0)
    jw = np.zeros(n_pairs, dtype=np.float32)
    jw[need] = _pair_scores(ga[need], gb[need], prep.words("given_vocab"), JaroWinkler.normalized_similarity, workers)
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[jw >= 0.80] = 2
    lvl[jw >= 0.92] = 4
    lvl[canon] = 5
    lvl[exact] = 6
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
    sv = prep.words("sur_vocab")
    jw11 = np.ones(n_pairs, dtype=np.float32)
    need = (a1 != b1) & ~both & ~swapped
    jw11[need] = _pair_scores(a1[need], b1[need], sv, JaroWinkler.normalized_similarity, workers)
    jw22 = np.ones(n_pairs, dtype=np.float32)
    need = (a2 != b2) & ~both & ~swapped
    jw22[need] = _pair_scores(a2[need], b2[need], sv, JaroWinkler.normalized_similarity, workers)
    # Spelt alike or sounding alike (Quispe / Kispe, Huamán / Guamán / Wamán): the same
    # sound key that matching on save reads as "sounds alike".
    sound11 = _eq(_lookup(prep.sur_phon, a1), _lookup(prep.sur_phon, b1))
    sound22 = _eq(_lookup(prep.sur_phon, a2), _lookup(prep.sur_phon, b2))
    second_ok = (a2 < 0) | (b2 < 0) | (jw22 >= 0.88) | sound22
    first_compat = (_eq(a1, b1) & second_ok) | (_eq(a1, b1) & ((am >= 0) | (bm >= 0)))
    # The second surname the same and the first one a typo or sound-alike away (Cruz / Cruuz).
    first_compat |= _eq(a2, b2) & ((jw11 >= 0.88) | sound11)
    fuzzy = ((jw11 >= 0.88) | sound11) & second_ok
    # Both sides have two surnames, one is shared and the others clearly differ: cousins,
    # or strangers with a common surname, more often than the same person.
    conflict = (a2 >= 0) & (b2 >= 0) & (jw22 < 0.88) & ~sound22 & ~(_eq(a1, b2) | _eq(a2, b1))
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[fuzzy | shared] = 4
    lvl[shared] = 5
    lvl[shared & conflict] = 2
    lvl[first_compat] = 6
    lvl[swapped] = 7
    lvl[both] = 8
    lvl[(a1 < 0) | (b1 < 0)] = 0
    levels[:, 1] = lvl
    _given_surname_swaps(prep, left, right, levels, workers)

    # birth date (partial dates allowed)
    ya, yb = prep.year[left], prep.year[right]
    ma, mb = prep.month[left], prep.month[right]
    da, db = prep.day[left], prep.day[right]
    full_a, full_b = (ma > 0) & (da > 0), (mb > 0) & (db > 0)
    full = full_a & full_b
    same_y = ya == yb
    lvl = np.ones(n_pairs, dtype=np.int8)
    lvl[full & same_y] = 2
    near_y = np.abs(ya.astype(np.int16) - yb) == 1
    lvl[near_y & (~full | ((ma == mb) & (da == db)))] = 3  # a year typo, or year-only one year off
    lvl[same_y & ~full] = 4
    n_equal = (ya == yb).astype(np.int8) + (ma == mb) + (da == db)
    lvl[full & (n_equal == 2)] = 5
    lvl[full & same_y & (ma == db) & (da == mb)] = 6
    lvl[full & (n_equal == 3)] = 7
    lvl[(ya == 0) | (yb == 0)] = 0
    levels[:, 2] = lvl

    # document
    levels[:, 3] = _one_edit_levels(prep.document[left], prep.document[right], prep.words("doc_vocab"),
                                    prep.doc_edges, workers)
    levels[:, 4] = _simple(prep.phone[left], prep.phone[right])
    levels[:, 5] = _simple(prep.email[left], prep.email[right])
    levels[:, 6] = _simple(prep.sex[left], prep.sex[right])
    levels[:, 7] = _simple(prep.nationality[left], prep.nationality[right])
    levels[:, 8] = _simple(prep.city[left], prep.city[right])
    aa, ab = prep.address[left], prep.address[right]
    sim = np.zeros(n_pairs, dtype=np.float32)
    need = (aa >= 0) & (ab >= 0) & (aa != ab)
    if need.any():
        sim[need] = _pair_scores(aa[need], ab[need], prep.words("address_vocab"), JaroWinkler.normalized_similarity, workers)
    lvl = np.where(_eq(aa, ab), 4, np.where(sim >= 0.94, 3, np.where(sim >= 0.85, 2, 1))).astype(np.int8)
    lvl[(aa < 0) | (ab < 0)] = 0
    levels[:, 9] = lvl
    levels[:, 10] = _one_edit_levels(prep.postcode[left], prep.postcode[right], prep.words("postcode_vocab"),
                                     prep.postcode_edges, workers)
    return levels


def _given_surname_swaps(prep: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray,
                         workers: int) -> None:
    """Given name typed in the surname field and vice versa (both fields 'different')."""
    cand = np.flatnonzero((levels[:, 0] == 1) & (levels[:, 1] == 1))
    if cand.size == 0:
        return
    first, sv = prep.given_first_word, prep.words("sur_vocab")
    ga, gb = prep.given[left[cand]], prep.given[right[cand]]
    sa, sb = prep.sur1[left[cand]], prep.sur1[right[cand]]
    x1 = _pair_scores(ga, sb, first, JaroWinkler.normalized_similarity, workers, other=sv)
    x2 = _pair_scores(gb, sa, first, JaroWinkler.normalized_similarity, workers, other=sv)
    hit = cand[(x1 >= 0.9) & (x2 >= 0.9)]
    levels[hit, 0] = 3
    levels[hit, 1] = 3


def _one_edit_levels(a: np.ndarray, b: np.ndarray, words: np.ndarray, edges: Edges, workers: int) -> np.ndarray:
    """missing / different / one_edit / exact, as the document and postcode levels count
    them (an adjacent swap is one edit); distances only where ``may_be_one_edit``."""
    both = (a >= 0) & (b >= 0)
    exact = _eq(a, b)
    near = np.flatnonzero(both & ~exact)
    near = near[may_be_one_edit(edges, a[near], b[near])]
    lvl = np.where(exact, 3, 1).astype(np.int8)
    if near.size:
        dist = _pair_scores(a[near], b[near], words, OSA.distance, workers)
        lvl[near[dist <= 1]] = 2
    lvl[~both] = 0
    return lvl


def tf_values(prep: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Relative frequency of the agreeing names (n_pairs x 2: given, surnames; NaN = none).

    Why: 'Mamani Quispe' agreeing is weak evidence in the Altiplano, where thousands share
    it, but 'Tzoc Ajpop' agreeing is strong. 1.0 means "as common as the average agreement"
    (the value's frequency f divided by the sum of f squared, the chance that two random
    records agree on that field, as Splink's term-frequency adjustment does); 0.1 is ten times
    rarer. Each level is compared with the frequencies it is about: both surnames with the
    pair of surnames, one surname agreeing with the other missing with single surnames. A
    "one surname shared, the other different" level gets no adjustment: a rare shared surname
    there says "same family" as much as "same person".
    """
    tf = np.full((levels.shape[0], 2), np.nan, dtype=np.float32)
    combo = prep.sur1.astype(np.int64) * (len(prep.sur_vocab) + 1) + prep.sur2
    codes, _ = pd.factorize(combo)
    combo_f = np.bincount(codes) / prep.n
    combo_rel = (combo_f / float((combo_f ** 2).sum()))[codes].astype(np.float32)
    sur_rel = prep.sur_tf / float((prep.sur_tf ** 2).sum())
    g_f = np.bincount(prep.given[prep.given >= 0], minlength=len(prep.given_vocab)) / prep.n
    g_rel = g_f / max(float((g_f ** 2).sum()), 1e-12)
    sl = levels[:, 1]
    both = sl >= level("surnames", "swapped")
    tf[both, 1] = np.maximum(combo_rel[left[both]], combo_rel[right[both]])
    single = sl == level("surnames", "first_and_compatible")
    tf[single, 1] = sur_rel[np.maximum(prep.sur1[left[single]], 0)]
    gl = levels[:, 0] == level("given", "exact")
    tf[gl, 0] = g_rel[prep.given[left[gl]]]
    return tf
