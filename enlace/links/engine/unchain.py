"""Clusters that do not chain: every member plausibly the same person as every other.

Why: blocking compares only some pairs, and clustering links records through the pairs it
saw. A record of the daughter may link to one of the mother's records and one of the
mother's records to another of the daughter's: A~B and B~C, while A and C were never
compared and would have disagreed outright. After clustering, the pairs inside each
multi-record cluster that no blocking key brought together are compared and scored with
the same model; any that is strong evidence against (the conflict weight) becomes a
conflict, and those clusters are rebuilt by the conflict-aware clustering.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def uncompared_pairs_inside(labels: np.ndarray, left: np.ndarray, right: np.ndarray, n: int,
                            *, max_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records in one cluster (3 to max_size records) not among (left, right)."""
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    a_parts, b_parts = [], []
    for size in range(3, max_size + 1):
        clusters = np.flatnonzero(sizes == size)
        if clusters.size == 0:
            continue
        members = order[starts[clusters][:, None] + np.arange(size)]  # clusters x size
        i, j = np.triu_indices(size, k=1)
        a_parts.append(members[:, i].ravel())
        b_parts.append(members[:, j].ravel())
    if not a_parts:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    a, b = np.concatenate(a_parts).astype(np.int64), np.concatenate(b_parts).astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    inside = (labels[left] == labels[right]) & (sizes[labels[left]] >= 3)  # only these can be seen
    seen = np.minimum(left[inside], right[inside]).astype(np.int64) * n + np.maximum(left[inside], right[inside])
    new = ~pd.Series(lo * n + hi).isin(seen).to_numpy()  # a hash table: numpy's isin sorts both
    return lo[new].astype(np.int32), hi[new].astype(np.int32)


def unchain(n: int, labels: np.ndarray, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
            evidence: np.ndarray, *, score_pairs: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
            recluster: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, dict]],
            conflict_weight: float, max_size: int, rounds: int = 2) -> tuple[np.ndarray, dict]:
    """Labels after breaking chained clusters; ``score_pairs`` gives (weight, evidence) for
    pairs, ``recluster`` clusters (left, right, weight, evidence)."""
    stats = {"pairs_checked": 0, "conflicts_found": 0}
    for _ in range(rounds):
        a, b = uncompared_pairs_inside(labels, left, right, n, max_size=max_size)
        if a.size == 0:
            break
        w, ev = score_pairs(a, b)
        stats["pairs_checked"] += int(a.size)
        bad = ev <= conflict_weight
        if not bad.any():
            break
        stats["conflicts_found"] += int(bad.sum())
        left, right = np.concatenate([left, a[bad]]), np.concatenate([right, b[bad]])
        weight, evidence = np.concatenate([weight, w[bad]]), np.concatenate([evidence, ev[bad]])
        labels = _rebuild(labels, labels[a[bad]], left, right, weight, evidence, recluster)
    return labels, stats


def _rebuild(labels: np.ndarray, clusters: np.ndarray, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
             evidence: np.ndarray, recluster) -> np.ndarray:
    """Recluster only the records of ``clusters`` (from their own pairs); the rest keep their labels."""
    affected = np.zeros(int(labels.max()) + 1, dtype=bool)
    affected[clusters] = True
    sel = affected[labels[left]] & affected[labels[right]]
    sub, _ = recluster(left[sel], right[sel], weight[sel], evidence[sel])
    out = labels.astype(np.int64, copy=True)
    rows = affected[labels]
    out[rows] = sub[rows] + int(labels.max()) + 1
    _, dense = np.unique(out, return_inverse=True)
    return dense.astype(np.int64)
