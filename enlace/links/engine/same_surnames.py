"""How often different people who share their surnames share a place too.

Why: the model's u (how often two different people agree on a field) is measured on random
pairs, as if each field were independent of the others. Surnames are regional and relatives
live together, so among strangers who carry the same surnames a shared town, nationality,
landline or address is far more common than among random pairs: a namesake from the same
town is not, by that alone, the same person. For pairs whose surnames agree the place
fields are weighed against u measured here instead (``Model.weights_same_surnames``).

Measured on pairs of records drawn inside the blocks of the same two surnames (one random
partner per record), leaving out pairs whose given names agree or nearly agree: those may
be the same person, and with them out nearly every pair left is two different people.
"""

from __future__ import annotations

import numpy as np

from .blocking import blocking_keys
from .compare import compare_pairs, level
from .model import estimate_u_random
from .prepare import Prepared

MIN_PAIRS = 1000  # fewer pairs than this: no estimate (the random-pair u is kept)


def partner_pairs(key: np.ndarray, rng: np.random.Generator, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """One random partner inside its block for each record with a key (blocks of 2 or more),
    at most ``limit`` pairs."""
    idx = np.flatnonzero(key >= 0)
    order = idx[np.argsort(key[idx], kind="stable")]
    sk = key[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, sk.size])
    block_start, block_size = np.repeat(starts, sizes), np.repeat(sizes, sizes)
    member = np.flatnonzero(block_size >= 2)
    if member.size > limit:
        member = np.sort(rng.choice(member, limit, replace=False))
    rank = member - block_start[member]
    offset = rng.integers(1, block_size[member])  # never 0: never the record itself
    partner = block_start[member] + (rank + offset) % block_size[member]
    return order[member].astype(np.int32), order[partner].astype(np.int32)


def estimate_u_same_surnames(prep: Prepared, rng: np.random.Generator, *, limit: int,
                             workers: int = -1) -> np.ndarray | None:
    """u per field and level among different people with the same surnames, or None."""
    left, right = partner_pairs(blocking_keys(prep, ["surnames_sorted"])["surnames_sorted"], rng, limit)
    if left.size < MIN_PAIRS:
        return None
    levels = compare_pairs(prep, left, right, workers=workers)
    strangers = levels[:, 0] < level("given", "very_similar")
    if int(strangers.sum()) < MIN_PAIRS:
        return None
    return estimate_u_random(levels[strangers])
