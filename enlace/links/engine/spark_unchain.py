"""Clusters that do not chain, on Spark: the embedded engine's check after Splink's clustering.

Why: Splink clusters by connected components, so A~B and B~C puts A and C in one cluster
even when A is the mother and C the daughter and the two were never compared (or were, and
disagreed). The embedded engine compares the pairs inside each multi-record cluster that no
blocking key brought together and rebuilds the clusters where one is strong evidence against
(unchain.py, cluster.py). The Spark path gives the same guarantee with the same functions:

1. Splink scores every pair inside the clusters of 3 to ``max_cluster_size`` records with the
   fitted model: one prediction over those records, blocked on the cluster id, with the
   name-frequency tables of the whole input (``predict_within``).
2. Batches of clusters go to the workers (``applyInPandas``), where ``unchain_clusters`` runs
   ``unchain.unchain`` on them: the pairs inside that did not link directly are looked up in
   those scores, one at the conflict weight or below is a conflict, and the clusters holding one are
   rebuilt by the conflict-aware ``cluster.cluster``. Analysts' decisions there are must-link
   and cannot-link, as in the embedded engine.
3. Only the records whose cluster changed come back; every other cluster keeps its id.

``unchain_clusters`` is plain pandas and numpy, so it is tested without starting Spark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .cluster import cluster
from .unchain import unchain

OUT_SCHEMA = "record_id string, cluster_id string, was string"
GROUP = "unchain_cluster"


@dataclass(frozen=True)
class UnchainParams:
    """The clustering rule in match weights (log2 odds), as the embedded engine states it."""

    match_weight: float  # the clustering threshold: log2(p / (1 - p))
    prior_weight: float  # the model's prior log2 odds; evidence = match weight - prior weight
    conflict_weight: float
    group_weight: float
    max_size: int

    @classmethod
    def for_threshold(cls, threshold: float, prior: float, *, conflict_weight: float, group_weight: float,
                      max_size: int) -> UnchainParams:
        return cls(match_weight=math.log2(threshold / (1 - threshold)), prior_weight=math.log2(prior / (1 - prior)),
                   conflict_weight=conflict_weight, group_weight=group_weight, max_size=max_size)


def unchain_clusters(pairs: pd.DataFrame, params: UnchainParams) -> pd.DataFrame:
    """Every pair inside some clusters -> ``record_id, cluster_id, was`` of the records that move.

    ``pairs``: cluster_id, record_id_l, record_id_r, match_weight (the fitted model's), linked
    (the clustering joined the two through this pair: a match at the threshold, or an analyst's
    "same"), same (an analyst's decision on the pair: true, false or missing). Every other pair
    is checked, as the embedded engine checks the pairs blocking never compared. Pairs of one
    cluster never span two calls.
    """
    out = pd.DataFrame({"record_id": pd.Series(dtype=object), "cluster_id": pd.Series(dtype=object),
                        "was": pd.Series(dtype=object)})
    if pairs.empty:
        return out
    ids, codes = _index(pairs)
    n = len(ids)
    lo, hi = codes.min(axis=1), codes.max(axis=1)
    member_cluster = np.empty(n, dtype=object)
    member_cluster[lo] = pairs["cluster_id"].to_numpy(object)
    member_cluster[hi] = pairs["cluster_id"].to_numpy(object)
    labels, old_ids = pd.factorize(member_cluster)
    weight = pairs["match_weight"].to_numpy(np.float64)
    key = lo * n + hi
    order = np.argsort(key, kind="stable")
    sorted_key, sorted_weight = key[order], weight[order]

    def score_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
        pos = np.minimum(np.searchsorted(sorted_key, wanted), sorted_key.size - 1)
        w = np.where(sorted_key[pos] == wanted, sorted_weight[pos], np.nan)  # unscored: never a conflict
        return w, w - params.prior_weight

    same = pairs["same"].to_numpy(object)
    must, cannot = same == True, same == False  # noqa: E712 (missing decisions are None)

    def recluster(l_: np.ndarray, r_: np.ndarray, w_: np.ndarray, ev_: np.ndarray) -> tuple[np.ndarray, dict]:
        return cluster(n, l_, r_, w_, evidence=ev_, match_weight=params.match_weight,
                       conflict_weight=params.conflict_weight, group_weight=params.group_weight,
                       must_link=(lo[must], hi[must]), cannot_link=(lo[cannot], hi[cannot]),
                       max_size=params.max_size)

    linked = pairs["linked"].to_numpy(bool)
    new, _ = unchain(n, labels, lo[linked], hi[linked], weight[linked], weight[linked] - params.prior_weight,
                     score_pairs=score_pairs, recluster=recluster, conflict_weight=params.conflict_weight,
                     max_size=params.max_size)
    return _moved(ids, np.asarray(old_ids, dtype=object)[labels], new, out)


def _index(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Record ids, and each pair's two records as positions among them (pairs x 2)."""
    both = np.concatenate([pairs["record_id_l"].to_numpy(object), pairs["record_id_r"].to_numpy(object)])
    codes, ids = pd.factorize(both)
    return np.asarray(ids, dtype=object), codes.astype(np.int64).reshape(2, -1).T


def _moved(ids: np.ndarray, was: np.ndarray, new: np.ndarray, empty: pd.DataFrame) -> pd.DataFrame:
    """New ids for the records of split clusters: the part holding the cluster's own id (Splink's
    representative record), or a whole cluster, keeps it; any other part is named after its
    smallest record id, which no other cluster can use (a cluster id is one of its records)."""
    frame = pd.DataFrame({"record_id": ids, "was": was, "group": new})
    whole = frame.groupby("was")["record_id"].transform("size") == frame.groupby("group")["record_id"].transform("size")
    keeps = (whole | (frame["record_id"] == frame["was"])).groupby(frame["group"]).transform("any")
    frame["cluster_id"] = frame["was"].where(keeps, frame.groupby("group")["record_id"].transform("min"))
    moved = frame[frame["cluster_id"] != frame["was"]]
    return moved[list(empty.columns)].reset_index(drop=True) if len(moved) else empty


def _tf_columns(model: dict[str, Any]) -> set[str]:
    return {level["tf_adjustment_column"] for comparison in model["comparisons"]
            for level in comparison["comparison_levels"] if level.get("tf_adjustment_column")}


def unchain_spark(clusters, *, cleaned, edges, labelled, linker, db_api, threshold: float, conflict_weight: float,
                  group_weight: float, max_size: int) -> tuple[Any, dict[str, int]]:
    """Splink's clusters (record_id, cluster_id) -> the same with chained clusters rebuilt, and counts.

    ``edges``: the scored pairs given to the clustering (record_id_l, record_id_r,
    match_probability); ``labelled``: analysts' decisions (lo, hi, same) or None.
    """
    from pyspark.sql import functions as F  # noqa: N812

    stats = {"pairs_checked": 0, "conflicts_found": 0, "clusters_rebuilt": 0}
    sizes = clusters.groupBy("cluster_id").count()
    chosen = sizes.filter((F.col("count") >= 3) & (F.col("count") <= max_size)).select(F.col("cluster_id").alias(GROUP))
    members = clusters.withColumnRenamed("cluster_id", GROUP).join(chosen, GROUP).persist()
    if members.isEmpty():
        members.unpersist()
        return clusters, stats
    model = linker.misc.save_model_to_json()
    for column in _tf_columns(model):  # frequencies of the whole input, not of these records
        linker.table_management.compute_tf_table(column)
    scored = linker.inference.predict_within(
        db_api.register(cleaned.join(members, "record_id")),
        blocking_rules_to_generate_predictions=[f"l.{GROUP} = r.{GROUP}"], warning_mode="never",
    ).as_spark_dataframe()
    pairs = _keyed(scored).select("lo", "hi", "match_weight").join(
        members.select(F.col("record_id").alias("lo"), F.col(GROUP).alias("cluster_id")), "lo")
    links = edges.filter(F.col("match_probability") >= threshold)
    links = _keyed(links).select("lo", "hi").distinct().withColumn("linked", F.lit(True))
    pairs = pairs.join(links, ["lo", "hi"], "left").withColumn("linked", F.coalesce("linked", F.lit(False)))
    decisions = (labelled.select("lo", "hi", "same") if labelled is not None
                 else pairs.sparkSession.createDataFrame([], "lo string, hi string, same boolean"))
    pairs = pairs.join(decisions, ["lo", "hi"], "left").select(
        "cluster_id", F.col("lo").alias("record_id_l"), F.col("hi").alias("record_id_r"), "match_weight", "linked",
        "same").persist()
    params = UnchainParams.for_threshold(threshold, model["probability_two_random_records_match"],
                                         conflict_weight=conflict_weight, group_weight=group_weight, max_size=max_size)
    buckets = max(1, int(pairs.sparkSession.conf.get("spark.sql.shuffle.partitions") or 1))
    moved = (pairs.withColumn("_bucket", F.pmod(F.hash("cluster_id"), F.lit(buckets))).groupBy("_bucket")
             .applyInPandas(lambda batch: unchain_clusters(batch.drop(columns="_bucket"), params), schema=OUT_SCHEMA)
             .persist())
    unlinked = pairs.filter(~F.col("linked"))
    stats["pairs_checked"] = unlinked.count()
    stats["conflicts_found"] = unlinked.filter(F.col("match_weight") - params.prior_weight <= conflict_weight).count()
    stats["clusters_rebuilt"] = moved.select("was").distinct().count()
    pairs.unpersist()  # the moves are computed and cached
    members.unpersist()
    out = (clusters.join(moved.select("record_id", F.col("cluster_id").alias("_moved")), "record_id", "left")
           .select("record_id", F.coalesce("_moved", "cluster_id").alias("cluster_id")))
    return out, stats


def _keyed(frame):
    """record_id_l/record_id_r as lo/hi, the smaller id first, whichever way the pair came."""
    from pyspark.sql import functions as F  # noqa: N812

    return (frame.withColumn("lo", F.least("record_id_l", "record_id_r"))
            .withColumn("hi", F.greatest("record_id_l", "record_id_r")))
