"""The link threshold, chosen from the model's own estimate of precision and recall.

Why not a constant: a match probability of 0.95 means different things on different data.
Where names are rare, most candidate pairs are clear; where thousands share "Quispe
Mamani" and a birth year, many pairs sit in between. The fitted model already says, for
every compared pair, how likely it is to be the same person. Summing those probabilities
estimates, for any threshold, how many linked pairs would be right (precision) and how many
of the expected matches would be linked (recall). The threshold kept is the one, among a
few (``GRID``), whose clusters have the best estimated F1 (``choose_clustered``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .cluster import components
from .model import probability


@dataclass(frozen=True)
class ThresholdChoice:
    """A match-weight threshold and the model's estimate of what it gives."""

    weight: float
    probability: float
    est_precision: float
    est_recall: float
    est_f1: float


def as_weight(p: float) -> float:
    """A match probability as a match weight (bits)."""
    return float(np.log2(p / (1.0 - p)))


def expected_matches(weight: np.ndarray, *, chunk: int = 1_000_000) -> float:
    """The sum of the pairs' match probabilities (a slice at a time: no second copy of all)."""
    return float(sum(probability(weight[start:start + chunk]).sum() for start in range(0, weight.size, chunk)))


def _choice(chosen: float, right_pairs: float, pairs: float, expected: float) -> ThresholdChoice:
    precision = right_pairs / max(pairs, 1.0)
    recall = right_pairs / expected if expected > 0.0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return ThresholdChoice(as_weight(chosen), chosen, precision, recall, f1)


def estimate_clusters(labels: np.ndarray, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
                      chosen: float) -> ThresholdChoice:
    """The model's estimate of precision and recall of clusters made at ``chosen``: the
    expected right pairs (the probabilities of the compared pairs inside clusters) over all
    pairs of records inside clusters, and over the expected matches (``choose_clustered``)."""
    inside = labels[left] == labels[right]
    sizes = np.bincount(labels).astype(np.float64)
    return _choice(chosen, float(probability(weight[inside]).sum()), float((sizes * (sizes - 1) / 2).sum()),
                   expected_matches(weight))


# Match probabilities the resolver tries when it chooses the threshold itself.
GRID = (0.8, 0.9, 0.95, 0.98, 0.99)

# Cluster labels of m records from (left, right, weight, evidence), linking at a weight.
ClustersAt = Callable[[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float], np.ndarray]


def choose_clustered(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, evidence: np.ndarray, *,
                     clusters_at: ClustersAt, grid: Sequence[float] = GRID) -> ThresholdChoice:
    """The threshold of ``grid`` whose clusters have the best F1 by the model's estimate.

    Why clusters, not pairs: a pair linked by mistake joins two whole clusters, and every
    pair of records across them becomes a wrong pair, so the best threshold for pairs (about
    half the F1 it gives, whatever the data) links far too loosely. For each threshold the
    pairs are clustered as the resolver clusters them; the expected right pairs are the sum
    of the match probabilities of the compared pairs that end in one cluster (a pair inside
    a cluster that was never compared counts as wrong), the precision is that sum over all
    pairs of records inside clusters, the recall that sum over the sum of all probabilities
    (the expected matches). Only components that some pair between the lowest and highest
    threshold joins are clustered for each threshold, as a batch of their own; the others
    link the same way at any of them and count as whole components (without the conflict
    checks of the clustering). Analysts' decisions are left to the clustering that follows.
    """
    expected = expected_matches(weight)
    if expected <= 0.0:
        return _choice(max(grid), 0.0, 0.0, 0.0)
    lowest, highest = as_weight(min(grid)), as_weight(max(grid))
    joined = weight >= lowest
    component = components(n, left[joined], right[joined])
    open_component = np.zeros(int(component.max(initial=0)) + 1, dtype=bool)
    open_component[component[left[joined & (weight < highest)]]] = True
    open_rows = open_component[component]
    # Pairs inside components that link the same way at every threshold.
    fixed = ~open_rows[left] & (component[left] == component[right])
    fixed_right, fixed_pairs = _inside(component, left[fixed], right[fixed], probability(weight[fixed]), ~open_rows)
    rows = np.flatnonzero(open_rows)
    compact = np.full(n, -1, dtype=np.int64)
    compact[rows] = np.arange(rows.size)
    varying = np.flatnonzero(open_rows[left] & open_rows[right])
    v_left, v_right = compact[left[varying]], compact[right[varying]]
    v_weight, v_evidence = weight[varying], evidence[varying]
    v_p = probability(v_weight)
    everyone = np.ones(rows.size, dtype=bool)
    best: ThresholdChoice | None = None
    for chosen in sorted(grid, reverse=True):  # on a tie the stricter threshold stays
        labels = clusters_at(rows.size, v_left, v_right, v_weight, v_evidence, as_weight(chosen))
        right_pairs, pairs = _inside(labels, v_left, v_right, v_p, everyone)
        choice = _choice(chosen, fixed_right + right_pairs, fixed_pairs + pairs, expected)
        if best is None or choice.est_f1 > best.est_f1:
            best = choice
    assert best is not None
    return best


def _inside(labels: np.ndarray, left: np.ndarray, right: np.ndarray, p: np.ndarray,
            rows: np.ndarray) -> tuple[float, float]:
    """(expected right pairs, pairs of records) inside the clusters of the given rows."""
    sizes = np.bincount(labels[rows]).astype(np.float64)
    return float(p[labels[left] == labels[right]].sum()), float((sizes * (sizes - 1) / 2).sum())
