"""k-anonymity of victim records in CTDC's layout: generalise first, then suppress what is left.

Every combination of the published variables (the quasi-identifiers: here all of them) must be
shared by at least ``k`` records. The records are generalised globally, one step of the ladder at a
time (the same recoding for every record, so the categories mean the same in every row), while
more than ``max_suppressed`` of them would still sit in a combination rarer than ``k``; the records
still in such combinations are then withheld. The report says, per step, how many records it
changed, and how many were withheld and why. Pure Python: testable on hand-built records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .vocabulary import MULTIPLE, UNKNOWN

COLUMNS = ("year", "age_band", "gender", "citizenship", "country_of_exploitation", "forms_of_exploitation",
           "means_of_control", "recruiter_relation")
OTHER = "other"
COARSE_AGE = {"0-8": "0-17", "9-17": "0-17", "18-20": "18-29", "21-23": "18-29", "24-26": "18-29",
              "27-29": "18-29", "30-38": "30-47", "39-47": "30-47", "48+": "48+"}
AGE_GROUP = {"0-17": "0-17", "18-29": "18+", "30-47": "18+", "48+": "18+"}

Record = dict[str, str]


def merged(values: list[str]) -> str:
    """A multi-valued field as one category: the value, the values joined by ";" (generalised later)."""
    values = sorted(set(v for v in values if v))
    return ";".join(values) if values else UNKNOWN


# A step of the ladder: from the (weighted) counts of a variable's values, the recoding it applies
# to every record alike.
Recoding = Callable[[Counter[str], int], Callable[[str], str]]


def _multi_to_merged(column: str) -> Recoding:
    return lambda counts, k: (lambda value: MULTIPLE if ";" in value else value)


def _rare_to_other(column: str) -> Recoding:
    return lambda counts, k: (lambda value: OTHER if counts[value] < k and value != UNKNOWN else value)


def _recode(column: str, mapping: dict[str, str]) -> Recoding:
    return lambda counts, k: (lambda value: mapping.get(value, value))


def _drop(column: str) -> Recoding:
    return lambda counts, k: (lambda value: "")


LADDER: tuple[tuple[str, str, Recoding], ...] = (
    ("forms_of_exploitation", "several forms merged into one category", _multi_to_merged("forms_of_exploitation")),
    ("means_of_control", "several means merged into one category", _multi_to_merged("means_of_control")),
    ("citizenship", "rare citizenships grouped as other", _rare_to_other("citizenship")),
    ("country_of_exploitation", "rare countries grouped as other", _rare_to_other("country_of_exploitation")),
    ("means_of_control", "rare means grouped as other", _rare_to_other("means_of_control")),
    ("age_band", "age bands widened (0-17, 18-29, 30-47, 48+)", _recode("age_band", COARSE_AGE)),
    ("recruiter_relation", "relation to the recruiter withheld", _drop("recruiter_relation")),
    ("means_of_control", "means of control withheld", _drop("means_of_control")),
    ("age_band", "age reduced to child or adult", _recode("age_band", AGE_GROUP)),
    ("forms_of_exploitation", "rare forms grouped as other", _rare_to_other("forms_of_exploitation")),
)


@dataclass
class KAnonResult:
    records: list[Record]
    k: int
    total: int
    steps: list[dict] = field(default_factory=list)
    suppressed: int = 0

    @property
    def report(self) -> dict:
        return {"k": self.k, "input_records": self.total, "released_records": len(self.records),
                "generalisation_steps": self.steps, "suppressed_records": self.suppressed,
                "suppressed_reason": f"in a combination of the published variables shared by fewer than {self.k} "
                                     "records after generalisation"}


def key_of(record: Record, columns: tuple[str, ...] = COLUMNS) -> tuple[str, ...]:
    return tuple(record[c] for c in columns)


def _rare_weighted(keys: list[tuple[str, ...]], weights: list[int], k: int) -> int:
    counts: Counter[tuple[str, ...]] = Counter()
    for key, n in zip(keys, weights, strict=True):
        counts[key] += n
    return sum(n for n in counts.values() if n < k)


def k_anonymise(records: list[Record], *, k: int = 11, max_suppressed: float = 0.05,
                columns: tuple[str, ...] = COLUMNS) -> KAnonResult:
    """A k-anonymous copy of ``records`` (the input is not changed) and what was done to it.
    ``columns`` are the published variables (CTDC's by default; another layout may publish more,
    and every one of them counts in the combinations).

    The ladder works on the distinct combinations with their number of records, not on every
    record: a register of 200,000 victims holds a few thousand combinations, and each step is the
    same recoding for every record of a combination. The released records keep the input's order.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    keys = [tuple(str(r.get(c, "") or "") for c in columns) for r in records]
    distinct = Counter(keys)
    current, weights = list(distinct), list(distinct.values())
    result = KAnonResult(records=[], k=k, total=len(keys))
    for column, why, step in LADDER:
        if column not in columns:
            continue
        if _rare_weighted(current, weights, k) <= max_suppressed * len(keys):
            break
        i = columns.index(column)
        counts: Counter[str] = Counter()
        for key, n in zip(current, weights, strict=True):
            counts[key[i]] += n
        recode, changed = step(counts, k), 0
        for j, key in enumerate(current):
            value = recode(key[i])
            if value != key[i]:
                current[j], changed = (*key[:i], value, *key[i + 1:]), changed + weights[j]
        if changed:
            result.steps.append({"variable": column, "step": why, "records_changed": changed})
    final: Counter[tuple[str, ...]] = Counter()
    for key, n in zip(current, weights, strict=True):
        final[key] += n
    generalised = dict(zip(distinct, current, strict=True))
    result.records = [dict(zip(columns, generalised[key], strict=True)) for key in keys if final[generalised[key]] >= k]
    result.suppressed = len(keys) - len(result.records)
    return result
