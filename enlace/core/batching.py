"""Splitting id lists for ``IN (...)`` queries.

SQLite caps the number of parameters of one statement; pages that look up "these few
thousand ids" (a liaison's network, the transnational list) would fail on it, and a
list of tens of thousands of parameters is slow on PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

IN_CHUNK = 900


def id_chunks(ids: Iterable[int], size: int = IN_CHUNK) -> Iterator[list[int]]:
    """The ids, sorted (stable queries), in lists of at most ``size``."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]
