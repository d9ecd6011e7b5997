"""The same model expressed for Splink (DuckDB for comparison, Spark for scale-out).

Why: a country that outgrows one machine can run the identical comparison design on a
Spark cluster through Splink's Spark backend; the benchmark also uses it to compare our
engine with a carefully configured Splink on the same cleaned columns. Splink is an
optional dependency (dev extra); nothing here is imported by the engine itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .blocking import _lookup
from .prepare import Prepared

if TYPE_CHECKING:
    from splink.internals.blocking_rule_creator import BlockingRuleCreator
    from splink.internals.comparison_creator import ComparisonCreator

SPARK_SCHEMA = ("record_id string, given string, given_canon string, sur1 string, sur2 string, married string, "
                "year int, month int, day int, dob_full int, g_initial string, dm int, doc string, phone string, "
                "email string, sex string, nat string, city string, sp1 string, sp2 string, gp string, "
                "lo string, hi string, address string, postcode string")


def splink_frame(prep: Prepared) -> pd.DataFrame:
    """Cleaned, normalised columns (our normalisation) as a pandas frame for Splink.

    Every column is a value, never a batch-local code, so partitions normalised separately
    (Spark's mapInPandas) agree with each other.
    """

    def words(codes: np.ndarray, vocab: list) -> np.ndarray:
        arr = np.asarray(list(vocab) + [None], dtype=object)
        return arr[np.where(codes >= 0, codes, len(vocab))]

    def num(values: np.ndarray) -> pd.Series:
        return pd.Series(np.where(values > 0, values, np.nan)).astype("Int64")

    phon_words = [None] * len(prep.phon_index)
    for word, code in prep.phon_index.items():
        phon_words[code] = word
    sp1 = _lookup(prep.sur_phon, prep.sur1)
    sp2 = _lookup(prep.sur_phon, prep.sur2)
    gp = _lookup(prep.canon_phon, prep.given_canon)
    s1w, s2w = words(sp1, phon_words), words(sp2, phon_words)
    lo = np.where(pd.isna(s1w), s2w, np.where(pd.isna(s2w), s1w, np.where(s1w.astype(str) <= s2w.astype(str), s1w, s2w)))
    hi = np.where(pd.isna(s1w), s2w, np.where(pd.isna(s2w), s1w, np.where(s1w.astype(str) <= s2w.astype(str), s2w, s1w)))
    full = (prep.month > 0) & (prep.day > 0) & (prep.year > 0)
    dm = np.where(full, np.minimum(prep.day, prep.month).astype(np.int64) * 32 + np.maximum(prep.day, prep.month), -1)
    given = words(prep.given, prep.given_vocab)
    return pd.DataFrame({
        "record_id": prep.record_id,
        "given": given,
        "given_canon": words(prep.given_canon, prep.canon_vocab),
        "sur1": words(prep.sur1, prep.sur_vocab), "sur2": words(prep.sur2, prep.sur_vocab),
        "married": words(prep.married, prep.sur_vocab),
        "year": num(prep.year), "month": num(prep.month), "day": num(prep.day),
        "dob_full": num(np.where(full, prep.year.astype(np.int64) * 10000 + prep.month * 100 + prep.day, 0)),
        "g_initial": pd.Series([g[0] if isinstance(g, str) and g else None for g in given], dtype=object),
        "dm": num(dm),
        "doc": words(prep.document, prep.doc_vocab), "phone": words(prep.phone, prep.phone_vocab),
        "email": words(prep.email, prep.email_vocab),
        "sex": words(prep.sex.astype(np.int64), prep.sex_vocab),
        "nat": words(prep.nationality, prep.nat_vocab), "city": words(prep.city, prep.city_vocab),
        "sp1": s1w, "sp2": s2w, "gp": words(gp, phon_words), "lo": lo, "hi": hi,
        "address": words(prep.address, prep.address_vocab), "postcode": words(prep.postcode, prep.postcode_vocab),
    })


def splink_settings():
    """SettingsCreator with custom comparisons mirroring enlace's levels."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    given = cl.CustomComparison(output_column_name="given", comparison_levels=[
        cll.NullLevel("given"),
        cll.ExactMatchLevel("given", term_frequency_adjustments=True),
        cll.ExactMatchLevel("given_canon"),
        cll.JaroWinklerLevel("given", 0.92),
        cll.CustomLevel("given_l = sur1_r AND sur1_l = given_r", "swapped_with_surname"),
        cll.JaroWinklerLevel("given", 0.80),
        cll.ElseLevel(),
    ])
    surnames = cl.CustomComparison(output_column_name="surnames", comparison_levels=[
        cll.NullLevel("sur1"),
        cll.CustomLevel("sur1_l = sur1_r AND sur2_l = sur2_r", "both_exact"),
        cll.CustomLevel("sur1_l = sur2_r AND sur2_l = sur1_r", "swapped"),
        cll.CustomLevel("sur1_l = sur1_r AND (sur2_l IS NULL OR sur2_r IS NULL)", "first_and_compatible"),
        cll.CustomLevel("sur1_l IN (sur1_r, sur2_r, married_r) OR sur2_l IN (sur1_r, sur2_r, married_r) "
                        "OR married_l IN (sur1_r, sur2_r)", "one_shared"),
        cll.JaroWinklerLevel("sur1", 0.88),
        cll.ElseLevel(),
    ])
    surnames.configure(term_frequency_adjustments=False)
    dob = cl.CustomComparison(output_column_name="birth_date", comparison_levels=[
        cll.CustomLevel("year_l IS NULL OR year_r IS NULL", "missing").configure(is_null_level=True),
        cll.CustomLevel("dob_full_l = dob_full_r", "exact"),
        cll.CustomLevel("year_l = year_r AND month_l = day_r AND day_l = month_r", "day_month_swapped"),
        cll.CustomLevel("dob_full_l IS NOT NULL AND dob_full_r IS NOT NULL AND "
                        "((year_l = year_r AND month_l = month_r) OR (year_l = year_r AND day_l = day_r) "
                        "OR (month_l = month_r AND day_l = day_r))", "one_part_differs"),
        cll.CustomLevel("year_l = year_r AND (dob_full_l IS NULL OR dob_full_r IS NULL)", "year_only_match"),
        cll.CustomLevel("abs(year_l - year_r) = 1", "year_off_by_one"),
        cll.CustomLevel("year_l = year_r", "same_year_other_day"),
        cll.ElseLevel(),
    ])
    document = cl.CustomComparison(output_column_name="document", comparison_levels=[
        cll.NullLevel("doc"), cll.ExactMatchLevel("doc"), cll.LevenshteinLevel("doc", 1), cll.ElseLevel(),
    ])
    comparisons: list[ComparisonCreator | dict[str, Any]] = [given, surnames, dob, document, cl.ExactMatch("phone"), cl.ExactMatch("email"),
                   cl.ExactMatch("sex"), cl.ExactMatch("nat"), cl.ExactMatch("city"),
                   cl.JaroWinklerAtThresholds("address", [0.94, 0.85]),
                   cl.LevenshteinAtThresholds("postcode", [1])]
    blocking: list[BlockingRuleCreator | dict[str, Any]] = [
        block_on("doc"), block_on("phone"), block_on("email"),
        block_on("sp1", "gp", "year"), block_on("sp2", "gp", "year"), block_on("sp1", "gp", "dm"),
        block_on("gp", "dm", "year"), block_on("lo", "hi", "gp", "year"), block_on("dob_full", "g_initial"),
        block_on("address", "postcode"),
    ]
    return SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="record_id", comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking, retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def train_and_predict(linker, *, predict_threshold: float = 0.01):
    """Splink's unsupervised recipe: prior from strict rules, u by sampling, m by EM; scored pairs."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("doc", "given_canon"), block_on("given_canon", "sur1", "sur2", "dob_full")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("doc"), block_on("sp1", "gp", "year"), block_on("gp", "dm", "year")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return linker.inference.predict(threshold_match_probability=predict_threshold)


def train_and_cluster(linker, *, threshold: float = 0.95, predict_threshold: float = 0.01):
    """Scored pairs, then Splink's connected components at ``threshold``."""
    predictions = train_and_predict(linker, predict_threshold=predict_threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    return predictions, clusters
