"""k-anonymity: every published combination in the output is shared by at least k records (recounted)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from enlace.monitoring.kanon import COLUMNS, k_anonymise, key_of


def records(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append({
            "year": rng.choice(["2024", "2025"]),
            "age_band": rng.choice(["9-17", "18-20", "21-23", "24-26", "30-38", "48+"]),
            "gender": rng.choice("FFFM"),
            "citizenship": rng.choice(["BO"] * 8 + ["PE", "PY", "CN"]),
            "country_of_exploitation": rng.choice(["BO"] * 6 + ["AR", "CL"]),
            "forms_of_exploitation": rng.choice(["sexual", "forced_labour", "forced_labour;sexual"]),
            "means_of_control": rng.choice(["threats", "debt_bondage", "debt_bondage;threats", "unknown"]),
            "recruiter_relation": rng.choice(["friend", "family", "unknown"]),
        })
    return out


@pytest.mark.parametrize("k", [2, 5, 11])
def test_every_combination_in_the_release_is_shared_by_at_least_k_records(k):
    result = k_anonymise(records(600), k=k)
    counts = Counter(key_of(r) for r in result.records)
    assert counts and min(counts.values()) >= k
    assert len(result.records) + result.suppressed == 600
    assert result.records  # generalised enough that something is released


def test_it_generalises_before_suppressing_and_reports_each_step():
    raw = records(600)
    naive = Counter(tuple(r[c] for c in COLUMNS) for r in raw)
    would_drop = sum(n for n in naive.values() if n < 11)
    result = k_anonymise(raw, k=11)
    assert would_drop > 0.5 * 600  # suppression alone would have thrown most records away
    assert result.suppressed < would_drop
    assert result.steps and all(s["records_changed"] > 0 for s in result.steps)
    assert result.steps[0]["variable"] == "forms_of_exploitation"
    assert result.report["suppressed_records"] == result.suppressed
    assert raw[0]["forms_of_exploitation"] in ("sexual", "forced_labour", "forced_labour;sexual")  # input unchanged


def test_a_lone_record_is_withheld_not_released():
    lone = {c: "x" for c in COLUMNS}
    result = k_anonymise([*records(200), lone], k=11, max_suppressed=0.0)
    assert all(Counter(key_of(r) for r in result.records)[key_of(r)] >= 11 for r in result.records)
    assert ("x",) * len(COLUMNS) not in {key_of(r) for r in result.records}


def test_k_below_two_is_refused():
    with pytest.raises(ValueError):
        k_anonymise(records(10), k=1)
