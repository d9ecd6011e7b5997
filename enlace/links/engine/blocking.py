"""Blocking: which pairs of records are compared at all.

Why several keys: each key is a cheap exact-match shortcut that a true duplicate usually
survives (same document, same phone, same sound of surname and birth year...). A pair is a
candidate if it shares ANY key. Blocks bigger than ``max_block`` are skipped (and counted)
because a block of 5,000 'Mamani, 1990' would cost 12.5 million comparisons and would
mostly pair strangers; the other keys still catch most duplicates inside such a block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .blocks import pairs_for_key
from .memory import release_freed_memory
from .near_documents import near_document_pairs
from .parallel import cores_for
from .prepare import Prepared

_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: multiply-and-add hashing


def _combine(*parts: np.ndarray) -> np.ndarray:
    """Hash several int code arrays into one non-negative int64 key (-1 if any is missing).

    The packing does not depend on the data (unlike mixed-radix), so a single new record
    gets the same key as the batch would have given it: the real-time index relies on it.
    A rare hash collision only adds a candidate pair, it never loses one.
    """
    key = np.zeros(parts[0].shape[0], dtype=np.uint64)
    missing = np.zeros(parts[0].shape[0], dtype=bool)
    with np.errstate(over="ignore"):
        for part in parts:
            p = np.asarray(part).astype(np.int64)
            missing |= p < 0
            key = key * _MULT + (p + 1).astype(np.uint64)
    out = (key >> np.uint64(1)).astype(np.int64)
    out[missing] = -1
    return out


def _lookup(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """table[codes] with -1 for missing codes (-1 indexes the appended sentinel)."""
    return np.append(table.astype(np.int64), -1)[codes]


def key_parts(prep: Prepared) -> dict[str, np.ndarray]:
    """The integer ingredients of the keys (phonetic codes, date parts, identifier codes)."""
    return {
        "sp1": _lookup(prep.sur_phon, prep.sur1), "sp2": _lookup(prep.sur_phon, prep.sur2),
        "gp": _lookup(prep.canon_phon, prep.given_canon), "initial": _lookup(prep.given_initial, prep.given),
        "year": prep.year, "month": prep.month, "day": prep.day,
        "document": prep.document, "phone": prep.phone, "email": prep.email,
        "address": prep.address, "postcode": prep.postcode,
    }


def blocking_keys(prep: Prepared, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """The named blocking keys of a batch (all of them, or those named)."""
    return keys_from_parts(key_parts(prep), names)


def keys_from_parts(parts: dict[str, np.ndarray], names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """The named blocking keys, each an int64 array with -1 where the key is undefined.

    names: the keys wanted (default all); each costs a pass over the batch, and training
    and the namesake estimate read only a few.
    """
    sp1, sp2, gp, initial = (np.asarray(parts[k], dtype=np.int64) for k in ("sp1", "sp2", "gp", "initial"))
    year = np.where(parts["year"] > 0, parts["year"], -1).astype(np.int64)
    month = np.where(parts["month"] > 0, parts["month"], -1).astype(np.int64)
    day = np.where(parts["day"] > 0, parts["day"], -1).astype(np.int64)
    lo = np.minimum(np.where(sp1 < 0, sp2, sp1), np.where(sp2 < 0, sp1, sp2))
    hi = np.maximum(sp1, sp2)
    # day*month as an unordered pair so that a swapped day/month still shares the key.
    dm = np.where((month > 0) & (day > 0), np.minimum(day, month) * 32 + np.maximum(day, month), -1)
    # Full date with day and month unordered, so a swapped date keeps the key.
    full_date = np.where((year > 0) & (dm > 0), (year - 1800) * 1100 + dm, -1)
    missing = np.full(sp1.size, -1)
    makers: dict[str, Callable[[], np.ndarray]] = {
        "document": lambda: np.asarray(parts["document"], dtype=np.int64),
        "phone": lambda: np.asarray(parts["phone"], dtype=np.int64),
        "email": lambda: np.asarray(parts["email"], dtype=np.int64),
        "surname_given_year": lambda: _combine(sp1, gp, year),
        "surnames_sorted_given_year": lambda: _combine(lo, hi, gp, year),
        "second_surname_given_year": lambda: _combine(sp2, gp, year),
        "surnames_year": lambda: _combine(sp1, sp2, year),
        "surnames_sorted": lambda: _combine(lo, hi),
        "surnames_sorted_given": lambda: _combine(lo, hi, gp),
        "given_daymonth_year": lambda: _combine(gp, dm, year),
        "surname_given_daymonth": lambda: _combine(sp1, gp, dm),
        "surname_daymonth_year": lambda: _combine(sp1, full_date),
        "date_given_initial": lambda: _combine(full_date, initial),
        "name_pair_sorted": lambda: _combine(np.minimum(gp, sp1), np.maximum(gp, sp1)),
        "address_postcode": lambda: _combine(np.asarray(parts.get("address", missing)),
                                             np.asarray(parts.get("postcode", missing))),
    }
    return {name: makers[name]() for name in (makers if names is None else names)}


# Keys that make candidate pairs. The one left out only trains the model: at 1M synthetic
# records of either generator (seed 1) it found about 0.1% of true pairs no other key found.
# A surname with the full date (a typo in the given name) and both surnames with the year (a
# given name typed differently, the day or month wrong) each found close to 1% on the second.
CANDIDATE_KEYS = ("document", "phone", "email", "surname_given_year", "surnames_sorted_given",
                  "surname_given_daymonth", "surnames_sorted_given_year", "given_daymonth_year",
                  "name_pair_sorted", "date_given_initial", "address_postcode", "surname_daymonth_year",
                  "surnames_year")

# Broad keys get a smaller block cap: pairs grow with the square of the block size.
KEY_CAP_FACTOR = {"date_given_initial": 0.5, "name_pair_sorted": 0.34}


NEAR_DOCUMENTS = "document_one_edit"  # pairs from near_documents.py, beside the keys


@dataclass
class BlockStats:
    name: str
    pairs: int
    skipped_blocks: int
    skipped_records: int


def candidate_pairs(prep: Prepared, *, max_block: int = 30,
                    workers: int = -1) -> tuple[np.ndarray, np.ndarray, list[BlockStats]]:
    """Deduplicated candidate pairs over all keys, as two int32 arrays with left < right,
    in order of (left, right).

    Each key's pairs are packed into one int64 (left * n + right) as they are made, and the
    whole is sorted in place to drop repeats: at a million records the keys make some 25
    million pairs, and a hash table or int32 copies of them would double the peak memory.
    Keys are paired in threads (workers as ``Settings.workers``): the work is numpy's.
    """
    keys = blocking_keys(prep, CANDIDATE_KEYS)

    def pairs_of(name: str) -> tuple[np.ndarray, BlockStats]:
        if name == NEAR_DOCUMENTS:
            left, right = near_document_pairs(prep, max_block=max_block)
            return _packed(left, right, prep.n), BlockStats(name, int(left.size), 0, 0)
        left, right, sb, sr = pairs_for_key(keys[name], max(2, int(max_block * KEY_CAP_FACTOR.get(name, 1.0))))
        return _packed(left, right, prep.n), BlockStats(name, int(left.size), sb, sr)

    # The slowest first, so that no thread is left with it at the end.
    with ThreadPoolExecutor(cores_for(workers)) as pool:
        made = list(pool.map(pairs_of, [NEAR_DOCUMENTS, *CANDIDATE_KEYS]))
    keys.clear()  # the keys are not needed for the sort below
    release_freed_memory()
    stats = [stat for _, stat in made[1:]] + [made[0][1]]
    packed = np.concatenate([part for part, _ in made])
    del made
    packed.sort()
    keep = np.empty(packed.size, dtype=bool)
    keep[:1] = True
    np.not_equal(packed[1:], packed[:-1], out=keep[1:])
    packed = packed[keep]
    return (packed // prep.n).astype(np.int32), (packed % prep.n).astype(np.int32), stats


def _packed(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(left, right).astype(np.int64) * n + np.maximum(left, right)
