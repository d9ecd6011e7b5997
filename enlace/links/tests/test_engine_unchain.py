"""Clusters that do not chain, and the threshold the model would choose."""

from __future__ import annotations

from functools import partial

import numpy as np

from enlace.links.engine.cluster import cluster
from enlace.links.engine.threshold import GRID, as_weight, choose_clustered, estimate_clusters
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


def test_the_estimate_of_clusters_follows_the_probabilities():
    # 90 pairs the model is sure of, 20 at even odds, 90 it rules out; no two pairs share a record.
    weight = np.array([10.0] * 90 + [0.0] * 20 + [-10.0] * 90)
    left = np.arange(0, 400, 2)
    right = left + 1

    def at(p: float):
        labels = _clusters_at(400, left, right, weight, weight, as_weight(p))
        return estimate_clusters(labels, left, right, weight, p)

    strict = at(0.95)
    assert np.isclose(strict.est_precision, 1.0, atol=1e-3) and np.isclose(strict.est_recall, 90 / 100, atol=1e-2)
    loose = at(0.4)
    assert loose.est_recall > strict.est_recall and loose.est_precision < strict.est_precision
    assert np.isclose(loose.est_precision, 100 / 110, atol=1e-2)


def _clusters_at(m, left, right, weight, evidence, thr):
    return cluster(m, left, right, weight, evidence=evidence, match_weight=thr, conflict_weight=-5.0,
                   group_weight=12.0)[0]


def _groups(sizes: list[int], start: int = 0) -> tuple[list[int], list[int]]:
    """Every pair inside consecutive groups of records of the given sizes."""
    left, right = [], []
    for size in sizes:
        for i in range(start, start + size):
            for j in range(i + 1, start + size):
                left.append(i)
                right.append(j)
        start += size
    return left, right


def _choose(left: list[int], right: list[int], weight: list[float], n: int):
    lt, rt, wt = np.array(left, np.int32), np.array(right, np.int32), np.array(weight)
    return choose_clustered(n, lt, rt, wt, wt, clusters_at=_clusters_at, grid=GRID)


P85 = float(np.log2(0.85 / 0.15))  # a pair the model gives 0.85


def test_a_link_that_would_join_two_clusters_is_not_worth_its_probability():
    # Two groups of 10 clearly the same person each, and one pair at 0.85 across them: linking
    # it makes 100 pairs of records in one cluster, 99 of them never compared.
    left, right = _groups([10, 10])
    weight = [20.0] * len(left)
    choice = _choose([*left, 0], [*right, 10], [*weight, P85], 20)
    assert choice.probability > 0.85
    assert choice.est_precision > 0.99


def test_pairs_at_that_probability_on_their_own_are_linked():
    # The same probability on 40 pairs of two records each: linking them is worth it.
    left, right = _groups([10, 10])
    extra_left = list(range(20, 100, 2))
    weight = [20.0] * len(left) + [P85] * len(extra_left)
    choice = _choose(left + extra_left, right + [i + 1 for i in extra_left], weight, 100)
    assert choice.probability < 0.85
    assert np.isclose(choice.est_recall, 1.0)


def test_the_estimate_counts_every_cluster_once_however_it_was_found():
    # Groups that never change (all far above the grid) and groups that do are both counted.
    left, right = _groups([5, 5])
    weight = [20.0] * len(left)
    choice = _choose([*left, 10], [*right, 11], [*weight, 3.0], 12)  # 3 bits: p 0.89
    assert choice.probability == 0.8
    expected = len(left) + 1 / (1 + 2 ** -3.0)
    assert np.isclose(choice.est_recall, 1.0) and np.isclose(choice.est_precision, expected / (len(left) + 1))


def test_a_weak_pair_inside_a_settled_cluster_counts_by_its_probability():
    # 0~1 and 1~2 clearly, 0 and 2 compared and doubtful (p 1/3): one cluster at every threshold
    # of the grid, whose three pairs hold about 2.33 expected right ones.
    choice = _choose([0, 1, 0], [1, 2, 2], [20.0, 20.0, -1.0], 3)
    assert np.isclose(choice.est_precision, (2 + 1 / 3) / 3, atol=1e-5)
    assert np.isclose(choice.est_recall, 1.0)
