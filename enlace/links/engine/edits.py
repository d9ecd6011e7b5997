"""Which pairs of short strings may be one edit apart, told without comparing them.

Why: at a million records most candidate pairs carry two different document numbers, and
the document level only asks whether they are one edit apart (a digit lost, added or
replaced, or two digits swapped). Computing the edit distance of every such pair was a
fifth of the compare stage. One edit changes a string in one place only, so two strings one
edit apart have lengths at most one apart, and share their first k characters or their last
k, where k is (shorter length - 1) // 2. Checked on codes per distinct value, that rules out
most pairs in numpy; the distance is computed for the others only, so the levels are those
of computing it for every pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Characters compared at each end when the shorter value has at least 2 * EDGE + 1 of them;
# shorter values (from 3 characters) compare one at each end, and shorter still none.
EDGE = 3


@dataclass(frozen=True)
class Edges:
    """Per distinct value: its length, and codes of its first and last characters."""

    length: np.ndarray
    head: np.ndarray  # first EDGE characters
    tail: np.ndarray  # last EDGE characters
    head1: np.ndarray  # first character
    tail1: np.ndarray  # last character


def _codes(parts: list[str]) -> np.ndarray:
    return pd.factorize(np.asarray(parts, dtype=object))[0].astype(np.int32)


def edges(vocab: Sequence[str]) -> Edges:
    """The values' edges, computed once per vocabulary."""
    words = list(vocab)
    return Edges(
        length=np.fromiter(map(len, words), dtype=np.int32, count=len(words)),
        head=_codes([w[:EDGE] for w in words]), tail=_codes([w[-EDGE:] for w in words]),
        head1=_codes([w[:1] for w in words]), tail1=_codes([w[-1:] for w in words]),
    )


def may_be_one_edit(e: Edges, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """False where values a and b (codes into the vocabulary of e, all present) are surely
    more than one edit apart; True where they may be one edit apart or less."""
    la, lb = e.length[a], e.length[b]
    shorter = np.minimum(la, lb)
    long_end = (e.head[a] == e.head[b]) | (e.tail[a] == e.tail[b])
    short_end = (e.head1[a] == e.head1[b]) | (e.tail1[a] == e.tail1[b])
    ends = np.where(shorter >= 2 * EDGE + 1, long_end, np.where(shorter >= 3, short_end, True))
    return (np.abs(la - lb) <= 1) & ends
