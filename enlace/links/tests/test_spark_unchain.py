"""The Spark path's chain check without Spark: the part each worker runs on a batch of clusters.

Splink's connected components put a mother, a record that looks like both, and her daughter in
one cluster; ``unchain_clusters`` gets every pair inside such clusters, scored by the model,
and says which records move to which cluster.
"""

from __future__ import annotations

import pandas as pd

from enlace.links.engine.resolve import Settings
from enlace.links.engine.spark_unchain import UnchainParams, unchain_clusters

PRIOR = 2.0 ** -10 / (1 + 2.0 ** -10)  # prior log2 odds -10: a match weight of -15 is evidence -5
SETTINGS = Settings()
PARAMS = UnchainParams.for_threshold(0.95, PRIOR, conflict_weight=SETTINGS.conflict_weight,
                                     group_weight=SETTINGS.group_weight, max_size=SETTINGS.max_cluster_size)


def pairs(rows: list[tuple]) -> pd.DataFrame:
    """(cluster_id, record_id_l, record_id_r, match_weight, linked[, same])"""
    return pd.DataFrame([(*row, None) if len(row) == 5 else row for row in rows],
                        columns=["cluster_id", "record_id_l", "record_id_r", "match_weight", "linked", "same"])


def moves(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {r.record_id: (r.was, r.cluster_id) for r in frame.itertuples()}


def test_a_mother_and_daughter_chained_through_one_record_are_split():
    batch = pairs([
        # mother m1 ~ m2 (a record of hers with the daughter's document) ~ daughter d1: linked by
        # Splink through m2, while the model scores mother and daughter as different people.
        ("d1", "d1", "m2", 9.0, True), ("d1", "m1", "m2", 12.0, True), ("d1", "d1", "m1", -18.0, False),
        # the same chain where the cluster's own record keeps the larger part
        ("b1", "b1", "b2", 12.0, True), ("b1", "b2", "b3", 9.0, True), ("b1", "b1", "b3", -18.0, False),
        # A~B, B~C and A, C merely unlike (-12 is 2 bits of evidence against): one person, kept
        ("s1", "s1", "s2", 11.0, True), ("s1", "s2", "s3", 10.0, True), ("s1", "s1", "s3", -12.0, False),
    ])
    # The strongest link is kept; the part holding the cluster's id keeps it, the other part is
    # named after its smallest record id; only records that move come back.
    assert moves(unchain_clusters(batch, PARAMS)) == {"m1": ("d1", "m1"), "m2": ("d1", "m1"), "b3": ("b1", "b3")}


def test_the_check_uses_evidence_not_the_raw_match_weight():
    # -14 is far below zero, but with a prior of -10 bits it is only 4 bits of evidence against.
    batch = pairs([("d1", "d1", "m2", 9.0, True), ("d1", "m1", "m2", 12.0, True), ("d1", "d1", "m1", -14.0, False)])
    assert unchain_clusters(batch, PARAMS).empty


def test_an_analysts_same_person_beats_the_models_conflict():
    batch = pairs([("d1", "d1", "m2", 9.0, True, None), ("d1", "m1", "m2", 12.0, True, None),
                   ("d1", "d1", "m1", -18.0, False, True)])
    assert unchain_clusters(batch, PARAMS).empty


def test_a_not_the_same_decision_is_kept_apart_when_the_cluster_is_rebuilt():
    # c1-c4 is a conflict; c1-c3 scores well but an analyst said "not the same" (its link was
    # removed before clustering). Without the decision the rebuild would keep c1, c2, c3 together.
    batch = pairs([("c1", "c1", "c2", 14.0, True, None), ("c1", "c2", "c3", 13.0, True, None),
                   ("c1", "c3", "c4", 12.0, True, None), ("c1", "c1", "c4", -18.0, False, None),
                   ("c1", "c1", "c3", 5.0, False, False), ("c1", "c2", "c4", 5.0, False, None)])
    assert moves(unchain_clusters(batch, PARAMS)) == {"c3": ("c1", "c3"), "c4": ("c1", "c3")}


def test_an_empty_batch_moves_nothing():
    assert list(unchain_clusters(pairs([]), PARAMS).columns) == ["record_id", "cluster_id", "was"]
