"""The link threshold, chosen from the model's own estimate of precision and recall.

Why not a constant: a match probability of 0.95 means different things on different data.
Where names are rare, most candidate pairs are clear; where thousands share "Quispe
Mamani" and a birth year, many pairs sit in between. The fitted model already says, for
every compared pair, how likely it is to be the same person. Summing those probabilities
estimates, for any threshold, how many linked pairs would be right (precision) and how many
of the expected matches would be linked (recall). The threshold kept is the one with the
best estimated F1, within bounds that keep a poorly fitted model from going to extremes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import probability


@dataclass(frozen=True)
class ThresholdChoice:
    """A match-weight threshold and the model's estimate of what it gives."""

    weight: float
    probability: float
    est_precision: float
    est_recall: float
    est_f1: float


def _as_weight(p: float) -> float:
    return float(np.log2(p / (1.0 - p)))


def _curve(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Probabilities sorted high to low, expected true links at each cut, expected matches."""
    p = np.sort(probability(np.asarray(weight, dtype=np.float64)))[::-1]
    return p, np.cumsum(p), float(p.sum())


def _at(p: np.ndarray, true_links: np.ndarray, expected: float, k: int, chosen: float) -> ThresholdChoice:
    if k < 0 or expected <= 0.0:
        return ThresholdChoice(_as_weight(chosen), chosen, float("nan"), 0.0, 0.0)
    precision, recall = float(true_links[k] / (k + 1)), float(true_links[k] / expected)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return ThresholdChoice(_as_weight(chosen), chosen, precision, recall, f1)


def estimate_at(weight: np.ndarray, match_probability: float) -> ThresholdChoice:
    """The model's estimate of precision and recall when linking at ``match_probability``."""
    p, true_links, expected = _curve(weight)
    k = int(np.searchsorted(-p, -match_probability, side="right")) - 1
    return _at(p, true_links, expected, k, match_probability)


def choose_threshold(weight: np.ndarray, *, lowest: float = 0.5, highest: float = 0.99) -> ThresholdChoice:
    """Threshold (as a match probability between ``lowest`` and ``highest``) with the best
    estimated pairwise F1 over the scored candidate pairs.

    Expected true links above a threshold t: the sum of p over pairs with p >= t; expected
    false links: the sum of 1 - p; expected matches among the candidates: the sum of all p.
    """
    p, true_links, expected = _curve(weight)
    allowed = (p >= lowest) & (p <= highest)
    if not allowed.any() or expected <= 0.0:
        return estimate_at(weight, highest)
    f1 = 2.0 * true_links / (np.arange(1, p.size + 1) + expected)
    k = int(np.flatnonzero(allowed)[np.argmax(f1[allowed])])
    return _at(p, true_links, expected, k, float(min(p[k], 1 - 1e-9)))
