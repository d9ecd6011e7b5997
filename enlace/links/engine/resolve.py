"""resolve_records: the batch entity-resolution pipeline, end to end.

prepare (normalise) -> block (candidate pairs) -> compare (levels) -> EM (weights) ->
score (with surname frequency) -> cluster (with conflict safeguards).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .blocking import BlockStats, blocking_keys, candidate_pairs, pairs_for_key
from .cluster import cluster
from .compare import FIELD_NAMES, FIELDS, compare_pairs, level, tf_values
from .model import (
    HOUSEHOLD_FIELDS,
    Model,
    _initial_m,
    apply_labels,
    estimate_u_random,
    fit_em,
    household_capped,
    pattern_codes,
    probability,
    score,
    share_surnames,
)
from .prepare import COLUMNS, Prepared, prepare
from .same_surnames import estimate_u_same_surnames
from .threshold import GRID, ClustersAt, ThresholdChoice, as_weight, choose_clustered, estimate_clusters
from .unchain import unchain


@dataclass(frozen=True)
class Settings:
    """Tunable knobs. Defaults were tuned on synthetic seed 1 only (see docs/linking.md)."""

    # True: of threshold_grid, the match probability whose clusters have the best F1 by the
    # model's own estimate (threshold.py); False: match_probability.
    auto_threshold: bool = True
    threshold_grid: tuple[float, ...] = GRID
    match_probability: float = 0.95
    unchain: bool = True  # compare the unseen pairs inside clusters and break chains (unchain.py)
    conflict_weight: float = -5.0  # evidence (weight minus prior) this negative: never one cluster
    group_weight: float = 12.0  # joining two multi-record groups needs this much weight
    max_block: int = 30
    max_cluster_size: int = 30
    random_pairs: int = 300_000
    training_pairs: int = 300_000
    household_cap: float = 5.0
    rule_recall: float = 0.6
    min_records_for_em: int = 3000
    tf_weight: float = 1.0
    tf_min: float = -6.0  # most a frequent name can lower one field's weight
    tf_max: float = 5.0  # most a rare name can raise it (32 times rarer than an average agreement)
    seed: int = 42
    workers: int = -1


@dataclass
class Resolution:
    """Result: a cluster id per input record, the scored pairs and the fitted model."""

    record_ids: list
    cluster_ids: np.ndarray
    left: np.ndarray
    right: np.ndarray
    levels: np.ndarray
    weight: np.ndarray
    tf_adjustment: np.ndarray
    model: Model
    settings: Settings
    block_stats: list[BlockStats]
    timings: dict[str, float] = field(default_factory=dict)
    cluster_stats: dict = field(default_factory=dict)
    label_conflicts: list[tuple] = field(default_factory=list)
    threshold: ThresholdChoice | None = None

    @property
    def probability(self) -> np.ndarray:
        return probability(self.weight)

    def clusters_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"record_id": self.record_ids, "cluster_id": self.cluster_ids})

    def pairs_frame(self, *, min_probability: float = 0.05) -> pd.DataFrame:
        """Scored pairs with human-readable reasons (which fields agreed, with what weight)."""
        prob = self.probability
        sel = np.flatnonzero(prob >= min_probability)
        ids = np.asarray(self.record_ids, dtype=object)
        lv = self.levels[sel]
        return pd.DataFrame({
            "record_id_a": ids[self.left[sel]],
            "record_id_b": ids[self.right[sel]],
            "match_probability": np.round(prob[sel], 6),
            "match_weight": np.round(self.weight[sel], 3),
            "same_cluster": self.cluster_ids[self.left[sel]] == self.cluster_ids[self.right[sel]],
            "reasons": explain(self.model, lv, self.tf_adjustment[sel]),
        })


def explain(model: Model, levels: np.ndarray, tf_adj: np.ndarray) -> list[str]:
    """'given=exact(+4.1); surnames=swapped(+6.0); ...' per pair, built once per pattern."""
    plain, kin = model.weights(), model.weights_same_surnames()  # as score() weighs each pair
    inv, patterns = pattern_codes(levels)
    texts = []
    for row in patterns:
        w = kin if share_surnames(row) else plain
        parts = [f"{spec.name}={spec.levels[lv]}({w[f, lv]:+.1f})" for f, (spec, lv) in enumerate(zip(FIELDS, row, strict=True))
                 if lv > 0]
        household = sum(w[f, lv] for f, (spec, lv) in enumerate(zip(FIELDS, row, strict=True))
                        if spec.name in HOUSEHOLD_FIELDS)
        if household > model.household_cap and household_capped(row[None, :])[0]:
            parts.append(f"household_cap({model.household_cap - household:+.1f})")
        texts.append("; ".join(parts))
    out = np.asarray(texts, dtype=object)[inv] if len(texts) else np.empty(0, dtype=object)
    adj = np.round(tf_adj, 1)
    return [t if a == 0 else f"{t}; name_frequency({a:+.1f})" for t, a in zip(out.tolist(), adj.tolist(), strict=True)]


def to_table(records: pd.DataFrame | pa.Table | Iterable[dict]) -> pa.Table:
    """Any accepted input -> an Arrow table of strings with the known columns only."""
    if isinstance(records, pa.Table):
        table = records
    elif isinstance(records, pd.DataFrame):
        table = pa.Table.from_pandas(records.astype(object).where(records.notna(), None), preserve_index=False)
    else:
        rows = list(records)
        table = pa.Table.from_pylist([{k: r.get(k) for k in COLUMNS} for r in rows])
    cols = {}
    for name in COLUMNS:
        if name in table.column_names:
            col = table.column(name)
            if not pa.types.is_string(col.type):
                col = pa.array([None if v is None else str(v) for v in col.to_pylist()], pa.string())
            cols[name] = col
    if "record_id" not in cols:
        cols["record_id"] = pa.array([str(i) for i in range(table.num_rows)], pa.string())
    # Every known column, absent ones as nulls: tables from different sources line up.
    return pa.table({name: cols.get(name, pa.nulls(table.num_rows, pa.string())) for name in COLUMNS})


def _label_indices(labels, index: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, same = [], [], []
    for item in labels or ():
        ra, rb, is_same = item if not isinstance(item, dict) else (item["record_id_a"], item["record_id_b"], item["same"])
        if ra in index and rb in index and ra != rb:
            i, j = index[ra], index[rb]
            a.append(min(i, j))
            b.append(max(i, j))
            same.append(bool(is_same))
    return np.asarray(a, np.int64), np.asarray(b, np.int64), np.asarray(same, bool)


def resolve_records(
    records: pd.DataFrame | pa.Table | Iterable[dict],
    *,
    default_region: str = "BO",
    progress: bool = False,
    labels: Iterable | None = None,
    model: Model | None = None,
    settings: Settings | None = None,
    on_stage: Callable[[int, int], None] | None = None,
) -> Resolution:
    """Cluster person records; see docs/linking.md.

    on_stage: called with (stages done, stages) after each stage (a job's progress).

    labels: analysts' decisions as (record_id_a, record_id_b, same: bool) tuples or dicts
    with those keys. They force must-link / cannot-link and re-estimate m/u.
    model: a previously fitted Model to reuse instead of running EM (fixed parameters).
    """
    settings = settings or Settings()
    stages = ["prepare", "block", "compare", "train", "score", "cluster"]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(stages), desc="resolve", unit="stage")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def tick(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        timings[name] = round(now - t0, 3)
        t0 = now
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)
        if on_stage is not None:
            on_stage(len(timings), len(stages))

    table = to_table(records)
    prep = prepare(table, default_region=default_region, workers=settings.workers)
    tick("prepare")
    left, right, block_stats = candidate_pairs(prep, max_block=settings.max_block, workers=settings.workers)
    idx = {rid: i for i, rid in enumerate(prep.record_id)} if labels else {}
    la, lb, lsame = _label_indices(labels, idx)
    if la.size:  # labelled pairs are always compared, even when no key brought them together
        packed = np.union1d(left.astype(np.int64) * prep.n + right, la * prep.n + lb)
        left, right = (packed // prep.n).astype(np.int32), (packed % prep.n).astype(np.int32)
    tick("block")
    levels = compare_pairs(prep, left, right, workers=settings.workers)
    tf = tf_values(prep, left, right, levels)
    tick("compare")
    if model is None:
        model = _train(prep, levels, settings)
    if la.size:
        model = apply_labels(model, compare_pairs(prep, la.astype(np.int32), lb.astype(np.int32)), lsame)
    # Name frequencies measured on a small batch are noise: no adjustment below the EM size.
    model.tf_weight = settings.tf_weight if prep.n >= settings.min_records_for_em else 0.0
    model.household_cap = settings.household_cap
    model.tf_min = settings.tf_min
    model.tf_max = settings.tf_max
    tick("train")
    weight, adj = score(model, levels, tf)
    tick("score")
    chosen = settings.match_probability
    if settings.auto_threshold:
        chosen = choose_clustered(prep.n, left, right, weight, weight - model.prior_weight(),
                                  grid=settings.threshold_grid, clusters_at=_clusters_at(settings)).probability
    labels_out, cstats = _cluster(prep, model, left, right, weight, as_weight(chosen), settings,
                                  _clusterer(settings, (la, lb, lsame)))
    choice = estimate_clusters(labels_out, left, right, weight, chosen)
    tick("cluster")
    if bar is not None:
        bar.close()
    conflicts = []
    if la.size:
        ids = prep.record_id
        for a, b, s in zip(la.tolist(), lb.tolist(), lsame.tolist(), strict=True):
            if s and labels_out[a] != labels_out[b]:
                conflicts.append((ids[a], ids[b], "same-person decision overridden by a not-same decision"))
    return Resolution(
        record_ids=prep.record_id, cluster_ids=labels_out, left=left, right=right, levels=levels,
        weight=weight, tf_adjustment=adj, model=model, settings=settings, block_stats=block_stats,
        timings=timings, cluster_stats=cstats, label_conflicts=conflicts, threshold=choice,
    )


Clusterer = Callable[[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float], tuple[np.ndarray, dict]]


def _clusterer(settings: Settings, labelled: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Clusterer:
    """Conflict-aware clustering of n records from (left, right, weight, evidence) at a link
    weight, with the analysts' decisions: see cluster.py."""
    la, lb, lsame = labelled

    def clusters(n: int, l_: np.ndarray, r_: np.ndarray, w_: np.ndarray, ev_: np.ndarray,
                 thr: float) -> tuple[np.ndarray, dict]:
        return cluster(
            n, l_, r_, w_, evidence=ev_, match_weight=thr, conflict_weight=settings.conflict_weight,
            group_weight=settings.group_weight, must_link=(la[lsame], lb[lsame]),
            cannot_link=(la[~lsame], lb[~lsame]), max_size=settings.max_cluster_size,
        )

    return clusters


def _clusters_at(settings: Settings) -> ClustersAt:
    """The same clustering without analysts' decisions, for choosing the threshold."""
    clusters = _clusterer(settings, (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool)))
    return lambda m, l_, r_, w_, ev_, thr: clusters(m, l_, r_, w_, ev_, thr)[0]


def _cluster(prep: Prepared, model: Model, left: np.ndarray, right: np.ndarray, weight: np.ndarray, thr: float,
             settings: Settings, clusterer: Clusterer) -> tuple[np.ndarray, dict]:
    """Clusters at thr, then (settings.unchain) no chains: see unchain.py."""

    def recluster(l_: np.ndarray, r_: np.ndarray, w_: np.ndarray, ev_: np.ndarray) -> tuple[np.ndarray, dict]:
        return clusterer(prep.n, l_, r_, w_, ev_, thr)

    def score_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lv = compare_pairs(prep, a, b, workers=settings.workers)
        w, _ = score(model, lv, tf_values(prep, a, b, lv))
        return w, w - model.prior_weight()

    labels_out, cstats = recluster(left, right, weight, weight - model.prior_weight())
    if settings.unchain:
        labels_out, cstats["unchain"] = unchain(
            prep.n, labels_out, left, right, weight, weight - model.prior_weight(), score_pairs=score_pairs,
            recluster=recluster, conflict_weight=settings.conflict_weight, max_size=settings.max_cluster_size)
    return labels_out, cstats


# Training keys and the fields each one forces to agree (left out of that key's EM).
TRAINING_KEYS = {
    "document": {"document"},
    "surname_given_year": {"surnames", "given", "birth_date"},
    "given_daymonth_year": {"given", "birth_date"},
    "surname_daymonth_year": {"surnames", "birth_date"},
}


DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "default_model.json"


def default_model() -> Model | None:
    """Parameters fitted on synthetic data (seed 1), used when a batch is too small for EM."""
    if not DEFAULT_MODEL_PATH.exists():
        return None
    return Model.from_dict(json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")))


def _train(prep: Prepared, levels: np.ndarray, settings: Settings) -> Model:
    """u from random pairs; m by EM per training key (Splink's approach); lambda by EM."""
    if prep.n < settings.min_records_for_em and (fallback := default_model()) is not None:
        return fallback.rescaled_prior(prep.n)

    rng = np.random.default_rng(settings.seed)
    k = int(min(settings.random_pairs, max(1, prep.n * (prep.n - 1) // 2)))
    a = rng.integers(0, prep.n, size=k, dtype=np.int64)
    b = rng.integers(0, max(1, prep.n - 1), size=k, dtype=np.int64)
    b = np.where(b >= a, b + 1, b)
    u_random = estimate_u_random(compare_pairs(prep, a.astype(np.int32), b.astype(np.int32), workers=settings.workers))
    if levels.shape[0] == 0:
        return Model(m=_initial_m(), u=u_random, u_random=u_random, prior=1e-4)
    keys = blocking_keys(prep, TRAINING_KEYS)
    m_sum = np.zeros_like(u_random)
    m_n = np.zeros(len(FIELD_NAMES))
    for name, fixed in TRAINING_KEYS.items():
        left, right, _, _ = pairs_for_key(keys[name], settings.max_block)
        if left.size < 50:
            continue
        if left.size > settings.training_pairs:
            pick = rng.choice(left.size, settings.training_pairs, replace=False)
            left, right = left[pick], right[pick]
        active = np.array([f not in fixed for f in FIELD_NAMES])
        fitted = fit_em(compare_pairs(prep, left, right, workers=settings.workers), u_random, active=active,
                        prior=0.5)
        m_sum[active] += fitted.m[active]
        m_n[active] += 1
    m = _initial_m()
    m[m_n > 0] = m_sum[m_n > 0] / m_n[m_n > 0, None]
    final = Model(m=m, u=u_random, u_random=u_random, prior=_random_match_prior(prep.n, levels, settings),
                  trained_on_records=prep.n,
                  u_same_surnames=estimate_u_same_surnames(prep, rng, limit=settings.random_pairs,
                                                           workers=settings.workers))
    final.household_cap = settings.household_cap
    return final


def _random_match_prior(n: int, levels: np.ndarray, settings: Settings) -> float:
    """Chance that two random records are the same person (Splink's deterministic-rule way).

    Counts candidate pairs that near-certainly match (same document and given name; or same
    given name, surnames and full birth date), divides by an assumed recall of those rules,
    and by the number of possible pairs. It grows like 1/n: duplicates per person, not per pair.
    """
    g, s, d, doc = levels[:, 0], levels[:, 1], levels[:, 2], levels[:, 3]
    given_ok = g >= level("given", "nickname_or_first_name")
    sure = ((doc == level("document", "exact")) & given_ok) | (
        given_ok & (s >= level("surnames", "first_and_compatible")) & (d == level("birth_date", "exact")))
    expected = max(1.0, float(sure.sum()) / settings.rule_recall)
    total = n * (n - 1) / 2
    return float(np.clip(expected / total, 1e-12, 0.5))
