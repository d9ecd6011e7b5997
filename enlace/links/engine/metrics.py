"""Pairwise precision / recall / F1 of a clustering against known identities.

A 'pair' is two records put in the same cluster. Precision: share of predicted pairs that
are truly the same person. Recall: share of true same-person pairs that were found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_scores(predicted, truth) -> dict[str, float]:
    pred = pd.factorize(np.asarray(predicted))[0].astype(np.int64)
    true = pd.factorize(np.asarray(truth))[0].astype(np.int64)
    joint = pred * (true.max() + 1) + true
    tp = _pairs(np.unique(joint, return_counts=True)[1])
    pp = _pairs(np.bincount(pred))
    tt = _pairs(np.bincount(true))
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": tt, "predicted_pairs": pp,
            "true_positive_pairs": tp}
