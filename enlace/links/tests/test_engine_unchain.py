"""Clusters that do not chain, and the threshold the model would choose."""

from __future__ import annotations

from functools import partial

import numpy as np

from enlace.links.engine.cluster import cluster
from enlace.links.engine.threshold import choose_threshold, estimate_at
from enlace.links.engine.unchain import unchain, uncompared_pairs_inside


def test_uncompared_pairs_inside_lists_only_unseen_pairs_of_larger_clusters():
    labels = np.array([0, 0, 0, 1, 1, 2])
    left, right = np.array([0, 1, 3]), np.array([1, 2, 4])
    a, b = uncompared_pairs_inside(labels, left, right, 6, max_size=30)
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 2)]


def test_a_chain_through_one_record_is_broken_when_its_ends_disagree():
    # 0~1 and 1~2 linked; 0 and 2 never compared, and strongly different when they are.
    left, right = np.array([0, 1], np.int32), np.array([1, 2], np.int32)
    weight = np.array([12.0, 9.0])
    link = partial(cluster, 3, match_weight=4.0, conflict_weight=-5.0, group_weight=12.0)

    def recluster(l_, r_, w_, ev_):
        return link(l_, r_, w_, evidence=ev_)

    def score_pairs(a, b):
        w = np.where((a == 0) & (b == 2), -20.0, 10.0)
        return w, w

    labels, _ = recluster(left, right, weight, weight)
    assert len(set(labels.tolist())) == 1
    labels, stats = unchain(3, labels, left, right, weight, weight, score_pairs=score_pairs, recluster=recluster,
                            conflict_weight=-5.0, max_size=30)
    assert labels[0] == labels[1] != labels[2]  # the strongest link is kept
    assert stats == {"pairs_checked": 1, "conflicts_found": 1}


def test_threshold_estimate_follows_the_probabilities():
    weight = np.array([10.0] * 90 + [0.0] * 20 + [-10.0] * 90)  # p ~ 1, 0.5, 0
    strict = estimate_at(weight, 0.95)
    assert np.isclose(strict.est_precision, 1.0, atol=1e-3) and np.isclose(strict.est_recall, 90 / 100, atol=1e-2)
    loose = estimate_at(weight, 0.4)
    assert loose.est_recall > strict.est_recall and loose.est_precision < strict.est_precision
    best = choose_threshold(weight, lowest=0.3, highest=0.99)
    assert best.est_f1 >= max(strict.est_f1, loose.est_f1) - 1e-9
    assert 0.3 <= best.probability <= 0.99
