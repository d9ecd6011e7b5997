"""Blocking: which pairs of records are compared at all.

Why several keys: each key is a cheap exact-match shortcut that a true duplicate usually
survives (same document, same phone, same sound of surname and birth year...). A pair is a
candidate if it shares ANY key. Blocks bigger than ``max_block`` are skipped (and counted)
because a block of 5,000 'Mamani, 1990' would cost 12.5 million comparisons and would
mostly pair strangers; the other keys still catch most duplicates inside such a block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .prepare import Prepared


def _combine(*parts: np.ndarray) -> np.ndarray:
    """Pack several non-negative int code arrays into one int64 key (-1 if any missing)."""
    key = np.zeros(parts[0].shape[0], dtype=np.int64)
    missing = np.zeros(parts[0].shape[0], dtype=bool)
    for part in parts:
        p = part.astype(np.int64)
        missing |= p < 0
        top = int(p.max()) + 2 if p.size else 2
        key = key * top + (p + 1)
    key[missing] = -1
    return key


def blocking_keys(prep: Prepared) -> dict[str, np.ndarray]:
    """The named blocking keys, each an int64 array with -1 where the key is undefined."""
    sp1 = np.where(prep.sur1 >= 0, prep.sur_phon[np.maximum(prep.sur1, 0)], -1)
    sp2 = np.where(prep.sur2 >= 0, prep.sur_phon[np.maximum(prep.sur2, 0)], -1)
    gp = np.where(prep.given_canon >= 0, prep.canon_phon[np.maximum(prep.given_canon, 0)], -1)
    year = np.where(prep.year > 0, prep.year, -1)
    month = np.where(prep.month > 0, prep.month, -1)
    day = np.where(prep.day > 0, prep.day, -1)
    lo = np.minimum(np.where(sp1 < 0, sp2, sp1), np.where(sp2 < 0, sp1, sp2))
    hi = np.maximum(sp1, sp2)
    # day*month as an unordered pair so that a swapped day/month still shares the key.
    dm = np.where((month > 0) & (day > 0), np.minimum(day, month) * 32 + np.maximum(day, month), -1)
    return {
        "document": prep.document.astype(np.int64),
        "phone": prep.phone.astype(np.int64),
        "email": prep.email.astype(np.int64),
        "surname_given_year": _combine(sp1, gp, year),
        "surnames_sorted_given": _combine(lo, hi, gp),
        "second_surname_given_year": _combine(sp2, gp, year),
        "surname_daymonth": _combine(sp1, dm),
        "given_daymonth_year": _combine(gp, dm, year),
        "surname_given_daymonth": _combine(sp1, gp, dm),
    }


@dataclass
class BlockStats:
    name: str
    pairs: int
    skipped_blocks: int
    skipped_records: int


def pairs_for_key(key: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """All within-block pairs (i < j) for one key, skipping blocks above max_block."""
    idx = np.flatnonzero(key >= 0)
    if idx.size < 2:
        return np.empty(0, np.int32), np.empty(0, np.int32), 0, 0
    order = idx[np.argsort(key[idx], kind="stable")]
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
    member_pos = np.repeat(starts, sizes) + _ranks(sizes)
    rank = _ranks(sizes)
    n_after = np.repeat(sizes, sizes) - 1 - rank
    left_pos = np.repeat(member_pos, n_after)
    offset = _ranks(n_after) + 1
    right_pos = left_pos + offset
    return order[left_pos].astype(np.int32), order[right_pos].astype(np.int32), skipped_blocks, skipped_records


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """0..s-1 for each size s, concatenated (vectorised)."""
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, np.int64)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - starts


def candidate_pairs(prep: Prepared, *, max_block: int = 60) -> tuple[np.ndarray, np.ndarray, list[BlockStats]]:
    """Deduplicated candidate pairs over all keys, as two int32 arrays with left < right."""
    lefts, rights, stats = [], [], []
    for name, key in blocking_keys(prep).items():
        left, right, sb, sr = pairs_for_key(key, max_block)
        stats.append(BlockStats(name, int(left.size), sb, sr))
        lefts.append(left)
        rights.append(right)
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    lo, hi = np.minimum(left, right).astype(np.int64), np.maximum(left, right).astype(np.int64)
    packed = pd.unique(lo * prep.n + hi)
    packed.sort()
    return (packed // prep.n).astype(np.int32), (packed % prep.n).astype(np.int32), stats
