"""Candidate pairs whose document numbers are one edit apart.

Why: an identity number copied by hand or from a scan loses a digit, gains a stray one,
has two swapped or one replaced ("48776828" / "4877682", "64911037" / "64191037"). The
comparison already reads such a pair as "one edit" and weighs it, but only pairs that some
blocking key brought together are compared, and the exact-document key cannot bring these.
Two strings one edit apart (an insertion, a deletion, a substitution or a swap of
neighbours) always share a string made by deleting one character from each (or one is the
other with one deleted), so distinct numbers sharing such a "deletion" are paired first,
then the records that hold them. Numbers under six characters are left out: at that length
one edit apart says little.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .blocks import pairs_for_key, ranks
from .prepare import Prepared

MIN_LENGTH = 6
MAX_LENGTH = 20  # no identity number is longer; a pasted paragraph must not size the arrays
_BASE = 1_000_003  # odd, so it has an inverse modulo 2**64 (the hash of a deletion below)
_INVERSE = np.uint64(pow(_BASE, -1, 2**64))


def deletion_keys(vocab: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(vocabulary index, key) for every number of MIN_LENGTH to MAX_LENGTH characters, for the
    number itself and each string made by deleting one of its characters.

    A polynomial hash modulo 2**64: with prefix sums P of c_k * B**k, deleting position p
    leaves P[p] + (P[end] - P[p + 1]) / B, so every variant costs two array operations.
    """
    long_enough = np.flatnonzero(np.fromiter((MIN_LENGTH <= len(w) <= MAX_LENGTH for w in vocab), bool, len(vocab)))
    if long_enough.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    words = np.asarray([vocab[i] for i in long_enough], dtype=np.bytes_)
    width = words.dtype.itemsize
    lengths = np.char.str_len(words)
    with np.errstate(over="ignore"):
        powers = np.uint64(_BASE) ** np.arange(width, dtype=np.uint64)
        weighted = words.view(np.uint8).reshape(-1, width).astype(np.uint64) * powers
        prefix = np.zeros((words.size, width + 1), np.uint64)
        np.cumsum(weighted, axis=1, dtype=np.uint64, out=prefix[:, 1:])
        total = prefix[:, width]
        owners, keys = [long_enough], [total]
        for pos in range(width):
            has = lengths > pos
            owners.append(long_enough[has])
            keys.append(prefix[has, pos] + (total[has] - prefix[has, pos + 1]) * _INVERSE)
    return np.concatenate(owners), _mix(np.concatenate(keys))


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, then the sign bit cleared: the polynomial sums of strings that
    differ by one in their first character differ by one, and must not share a key."""
    with np.errstate(over="ignore"):
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    return (h & np.uint64(0x7FFFFFFFFFFFFFFF)).astype(np.int64)


def near_number_pairs(vocab: list[str], *, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of different numbers (vocabulary codes) one edit apart, or sharing a
    deletion key in a block of at most ``max_block`` numbers."""
    owner, key = deletion_keys(vocab)
    if key.size < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.lexsort((owner, key))
    owner, key = owner[order], key[order]
    keep = np.r_[True, (key[1:] != key[:-1]) | (owner[1:] != owner[:-1])]  # "11234567": one key, twice
    owner, key = owner[keep], key[keep]
    left, right, _skipped, _records = pairs_for_key(key, max_block)
    a, b = owner[left], owner[right]
    packed = pd.unique(np.minimum(a, b) * len(vocab) + np.maximum(a, b))
    return packed // len(vocab), packed % len(vocab)


def near_document_pairs(prep: Prepared, *, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Record pairs (left < right) whose numbers are near (``near_number_pairs``) and whose
    canonical given names start with the same letter.

    Why the letter: identity numbers are dense (most eight-digit numbers are someone's), so
    at a million records many numbers are one edit from a stranger's; the same given-name
    initial (a nickname counts as its full name) keeps about one in ten of those.
    """
    empty = np.empty(0, np.int32)
    doc_a, doc_b = near_number_pairs(prep.doc_vocab, max_block=max_block)
    if doc_a.size == 0:
        return empty, empty
    rows = np.flatnonzero(prep.document >= 0)
    rows = rows[np.argsort(prep.document[rows], kind="stable")]
    held = np.bincount(prep.document[rows], minlength=len(prep.doc_vocab))
    first = np.cumsum(held) - held
    # A number on more than max_block records ("0000000" typed for "unknown") is no person's:
    # the exact-number key skips it too, and its near numbers would pair thousands.
    usual = (held[doc_a] <= max_block) & (held[doc_b] <= max_block)
    doc_a, doc_b = doc_a[usual], doc_b[usual]
    # Every record of number a with every record of number b.
    per_pair = held[doc_a] * held[doc_b]
    pair = np.repeat(np.arange(doc_a.size), per_pair)
    k = ranks(per_pair)
    left = rows[first[doc_a[pair]] + k // held[doc_b[pair]]]
    right = rows[first[doc_b[pair]] + k % held[doc_b[pair]]]
    canon_initial = np.array([ord(w[0]) for w in prep.canon_vocab] + [-1], dtype=np.int64)
    ia, ib = canon_initial[prep.given_canon[left]], canon_initial[prep.given_canon[right]]
    same = (ia == ib) & (ia >= 0)
    left, right = left[same], right[same]
    return np.minimum(left, right).astype(np.int32), np.maximum(left, right).astype(np.int32)
