"""Pairs inside blocks: the one pairing step every blocking key uses.

Records (or values) that share a key form a block; every two members of a block are a
candidate pair, unless the block is larger than the cap (then it is skipped and counted).
"""

from __future__ import annotations

import numpy as np


def pairs_for_key(key: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """All within-block pairs (i < j) for one key, skipping blocks above max_block."""
    idx = np.flatnonzero(key >= 0)
    if idx.size < 2:
        return np.empty(0, np.int32), np.empty(0, np.int32), 0, 0
    order = idx[np.argsort(key[idx])]
    sk = key[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    sizes = np.diff(np.r_[starts, sk.size])
    big = sizes > max_block
    skipped_blocks, skipped_records = int(big.sum()), int(sizes[big].sum())
    keep = (sizes >= 2) & ~big
    starts, sizes = starts[keep], sizes[keep]
    if starts.size == 0:
        return np.empty(0, np.int32), np.empty(0, np.int32), skipped_blocks, skipped_records
    # Every member at rank r of a block of size s pairs with the s-1-r members after it.
    member_pos = np.repeat(starts, sizes) + ranks(sizes)
    rank = ranks(sizes)
    n_after = np.repeat(sizes, sizes) - 1 - rank
    left_pos = np.repeat(member_pos, n_after)
    offset = ranks(n_after) + 1
    right_pos = left_pos + offset
    return order[left_pos].astype(np.int32), order[right_pos].astype(np.int32), skipped_blocks, skipped_records


def ranks(sizes: np.ndarray) -> np.ndarray:
    """0..s-1 for each size s, concatenated (vectorised)."""
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, np.int64)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - starts
