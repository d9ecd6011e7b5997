"""Fellegi-Sunter model: m/u probabilities per comparison level, EM, scores.

Plain words: for each field and level, *m* is how often two records of the SAME person
show that level, *u* how often two records of DIFFERENT people do. log2(m/u) is the
level's weight (positive = evidence for a match). Weights add up over fields; the sum
becomes a match probability. No labelled data are needed: u is first measured on random
pairs (nearly all different people), then EM (expectation-maximisation) learns m and the
candidate-set u from the compared pairs themselves. Analysts' decisions, when given,
re-estimate m and u from the labelled pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .compare import FIELD_NAMES, FIELDS, N_LEVELS, level

_MAX_LEVELS = max(N_LEVELS)
HOUSEHOLD_FIELDS = frozenset({"phone", "city", "address", "postcode"})
# Where a person lives and comes from: fields that agree far more often among strangers who
# share surnames (surnames are regional, relatives live together) than among random pairs.
PLACE_FIELDS = frozenset({"phone", "city", "address", "postcode", "nationality"})


@dataclass
class Model:
    """m and u per field and level (rows = fields, columns = levels; column 0 unused)."""

    m: np.ndarray
    u: np.ndarray
    u_random: np.ndarray
    prior: float  # proportion of matches among candidate pairs (lambda)
    tf_weight: float = 1.0
    household_cap: float = 5.0
    tf_min: float = -6.0
    tf_max: float = 5.0
    trained_on_records: int = 0
    # u of PLACE_FIELDS among different people with the same surnames (None: not measured).
    u_same_surnames: np.ndarray | None = None
    iterations: int = 0
    history: list[float] = field(default_factory=list)

    def weights(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            w = np.log2(self.m / self.u)
        w[:, 0] = 0.0
        return np.nan_to_num(w, nan=0.0, posinf=0.0, neginf=0.0)

    def weights_same_surnames(self) -> np.ndarray:
        """Weights for a pair whose surnames agree: the place fields measured against
        namesakes and relatives, who share a town, a phone or a nationality far more often
        than two random people (the evidence is not independent of the surnames)."""
        w = self.weights()
        if self.u_same_surnames is None:
            return w
        with np.errstate(divide="ignore", invalid="ignore"):
            kin = np.nan_to_num(np.log2(self.m / self.u_same_surnames), nan=0.0, posinf=0.0, neginf=0.0)
        for f, name in enumerate(FIELD_NAMES):
            if name in PLACE_FIELDS:
                w[f, 1:] = kin[f, 1:]
        return w

    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def to_dict(self) -> dict:
        return {"fields": list(FIELD_NAMES), "m": self.m.tolist(), "u": self.u.tolist(),
                "u_random": self.u_random.tolist(), "prior": self.prior, "household_cap": self.household_cap,
                "trained_on_records": self.trained_on_records,
                "u_same_surnames": None if self.u_same_surnames is None else self.u_same_surnames.tolist()}

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        if list(data["fields"]) != list(FIELD_NAMES):
            raise ValueError("model was saved for other comparison fields")
        kin = data.get("u_same_surnames")
        return cls(m=np.array(data["m"]), u=np.array(data["u"]), u_random=np.array(data["u_random"]),
                   prior=float(data["prior"]), household_cap=float(data.get("household_cap", 5.0)),
                   trained_on_records=int(data.get("trained_on_records", 0)),
                   u_same_surnames=None if kin is None else np.array(kin))

    def rescaled_prior(self, n: int) -> Model:
        """The same model for a set of n records: duplicates per record stay, pairs grow ~n^2."""
        if not self.trained_on_records or n < 2:
            return self
        prior = float(np.clip(self.prior * (self.trained_on_records - 1) / (n - 1), 1e-12, 0.5))
        return Model(m=self.m, u=self.u, u_random=self.u_random, prior=prior, household_cap=self.household_cap,
                     trained_on_records=n, u_same_surnames=self.u_same_surnames)

    def as_table(self) -> list[dict]:
        """Readable parameters, one row per field and level (for docs and the pairs file)."""
        rows = []
        w = self.weights()
        for f, spec in enumerate(FIELDS):
            for lvl, label in enumerate(spec.levels):
                if lvl == 0:
                    continue
                rows.append({"field": spec.name, "level": label, "m": float(self.m[f, lvl]),
                             "u": float(self.u[f, lvl]), "weight": float(w[f, lvl])})
        return rows


def _empty() -> np.ndarray:
    return np.zeros((len(FIELDS), _MAX_LEVELS), dtype=np.float64)


def _normalise(counts: np.ndarray, pseudo: float) -> np.ndarray:
    out = _empty()
    for f, n_lv in enumerate(N_LEVELS):
        c = counts[f, 1:n_lv] + pseudo
        out[f, 1:n_lv] = c / c.sum()
    return out


def level_counts(levels: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    counts = _empty()
    for f in range(len(FIELDS)):
        counts[f, : N_LEVELS[f]] = np.bincount(levels[:, f], weights=weights, minlength=N_LEVELS[f])[: N_LEVELS[f]]
    return counts


def estimate_u_random(levels_random: np.ndarray) -> np.ndarray:
    """u from random pairs (almost all non-matches); a half-count keeps unseen levels finite."""
    return _normalise(level_counts(levels_random), pseudo=0.5)


def _initial_m() -> np.ndarray:
    m = _empty()
    for f, n_lv in enumerate(N_LEVELS):
        raw = np.array([0.0] + [2.0 ** (2 * k) for k in range(n_lv - 1)])
        m[f, 1:n_lv] = raw[1:] / raw[1:].sum()
    return m


# Levels fit in 4 bits and fields in one int64, so a comparison vector packs into one code.
_RADIX = 16
assert _MAX_LEVELS <= _RADIX and len(FIELDS) < 16


def pattern_codes(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(per pair, the index of its comparison vector among the distinct ones; those vectors).

    Why: a million records give tens of millions of candidate pairs but only tens of
    thousands of distinct vectors; weights, explanations and EM are worked out once per
    vector and looked up per pair.
    """
    code = np.zeros(levels.shape[0], dtype=np.int64)
    for f in range(levels.shape[1]):
        code *= _RADIX
        code += levels[:, f]
    inv, uniq = pd.factorize(code)
    powers = _RADIX ** np.arange(levels.shape[1] - 1, -1, -1, dtype=np.int64)
    return inv, ((uniq[:, None] // powers) % _RADIX).astype(np.int8)


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct comparison vectors and how many pairs have each (EM runs on these)."""
    inv, pat = pattern_codes(levels)
    return pat, np.bincount(inv, minlength=pat.shape[0]).astype(np.float64)


def _log_lik(pat: np.ndarray, probs: np.ndarray) -> np.ndarray:
    logp = np.log(np.clip(probs, 1e-12, 1.0))
    out = np.zeros(pat.shape[0])
    for f in range(len(FIELDS)):
        lv = pat[:, f]
        out += np.where(lv > 0, logp[f, lv], 0.0)
    return out


def fit_em(levels: np.ndarray, u_random: np.ndarray, *, active: np.ndarray | None = None,
           estimate_u: bool = False, m_init: np.ndarray | None = None, max_iter: int = 60,
           tol: float = 1e-5, prior: float = 0.05, fit_m: bool = True) -> Model:
    """EM over the distinct comparison vectors of a set of pairs.

    active: fields used in the likelihood. Fields a blocking key forced to agree are left
    out (Splink does the same), otherwise EM would learn that they 'always agree'.
    fit_m=False only re-estimates the proportion of matches (lambda).
    """
    active = np.ones(len(FIELDS), dtype=bool) if active is None else active
    pat, counts = _patterns(levels)
    pat = pat.copy()
    pat[:, ~active] = 0  # level 0 = no evidence
    m = _initial_m() if m_init is None else m_init.copy()
    u = u_random.copy()
    history = []
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - it is reported after the loop
        lm = np.log(prior) + _log_lik(pat, m)
        lu = np.log(1.0 - prior) + _log_lik(pat, u)
        r = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -700, 700)))
        wm, wu = counts * r, counts * (1.0 - r)
        new_prior = float(np.clip(wm.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        m_new = m
        if fit_m:
            m_new = _normalise(level_counts(pat, wm), pseudo=0.5)
            m_new[~active] = m[~active]
        u_new = u
        if estimate_u:
            u_new = _normalise(level_counts(pat, wu), pseudo=0.5)
            u_new[~active] = u[~active]
        delta = max(float(np.abs(m_new - m).max()), float(np.abs(u_new - u).max()), abs(new_prior - prior))
        m, u, prior = m_new, u_new, new_prior
        history.append(prior)
        if delta < tol:
            break
    return Model(m=m, u=u, u_random=u_random, prior=prior, iterations=it, history=history)


def apply_labels(model: Model, levels: np.ndarray, is_match: np.ndarray, *, strength: float = 50.0) -> Model:
    """Blend m (from 'same person' decisions) and u (from 'not the same') into the model.

    strength is how many pairs' worth of belief the unsupervised estimate keeps; with a few
    hundred analyst decisions the labelled estimate dominates.
    """
    m, u = model.m.copy(), model.u.copy()
    for mask, target in ((is_match, m), (~is_match, u)):
        k = int(mask.sum())
        if k == 0:
            continue
        lab = _normalise(level_counts(levels[mask]), pseudo=0.5)
        target[:] = (k * lab + strength * target) / (k + strength)
    return Model(m=m, u=u, u_random=model.u_random, prior=model.prior, tf_weight=model.tf_weight,
                 household_cap=model.household_cap, trained_on_records=model.trained_on_records,
                 u_same_surnames=model.u_same_surnames, iterations=model.iterations, history=model.history)


def score(model: Model, levels: np.ndarray, tf: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(match weight, term-frequency adjustment) per pair; weight already includes tf."""
    inv, patterns = pattern_codes(levels)
    total = _pattern_weights(model, patterns)[inv]
    adj = np.zeros(levels.shape[0], dtype=np.float64)
    if tf is not None and model.tf_weight:
        for f in range(tf.shape[1]):  # tf columns follow FIELDS order (given, surnames)
            col = tf[:, f]
            has = ~np.isnan(col)
            if not has.any():
                continue
            # tf is relative (1.0 = an average agreement): rarer -> stronger, more common ->
            # weaker. Clipped so one field can never dominate through its frequency alone.
            adj[has] += np.clip(-np.log2(np.maximum(col[has], 1e-9)), model.tf_min, model.tf_max) * model.tf_weight
    return total + adj, adj


def _pattern_weights(model: Model, patterns: np.ndarray) -> np.ndarray:
    """Match weight of each comparison vector, before name frequencies."""
    w, w_kin = model.weights(), model.weights_same_surnames()
    kin = share_surnames(patterns)
    total = np.full(patterns.shape[0], model.prior_weight(), dtype=np.float64)
    household = np.zeros(patterns.shape[0], dtype=np.float64)
    for f in range(len(FIELDS)):
        part = w[f][patterns[:, f]]
        if FIELD_NAMES[f] in PLACE_FIELDS and model.u_same_surnames is not None:
            part[kin] = w_kin[f][patterns[kin, f]]
        if FIELD_NAMES[f] in HOUSEHOLD_FIELDS:
            household += part
        else:
            total += part
    # A shared phone or town shows the same household, not the same person: siblings and
    # parents share them. When the given name or the birth date disagrees, their joint
    # positive evidence is capped (the fields are not independent within a family).
    return total + np.where(household_capped(patterns), np.minimum(household, model.household_cap), household)


def share_surnames(levels: np.ndarray) -> np.ndarray:
    """Pairs (rows of levels) whose place fields are weighed against namesakes
    (``Model.weights_same_surnames``): the surnames agree."""
    return levels[..., 1] >= level("surnames", "first_and_compatible")


def household_capped(levels: np.ndarray) -> np.ndarray:
    """Pairs whose household evidence is capped: given name or birth date disagrees."""
    given, date = levels[:, 0], levels[:, 2]
    return ((given <= level("given", "similar")) | (date == level("birth_date", "different"))
            | (date == level("birth_date", "same_year_other_day")))


def probability(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))


__all__ = ["Model", "fit_em", "pattern_codes", "estimate_u_random", "apply_labels", "score", "probability", "FIELD_NAMES"]
