"""Real-time candidate lookup: 'who already in the database could this new person be?'.

Why a separate structure: the batch engine compares everyone with everyone (blocked). A
screening officer registering one person needs an answer in milliseconds. The index keeps,
for every blocking key, the keys of all known records sorted next to their row numbers; a
new record's keys are found by binary search, and only those few candidates are scored
with the batch model. Memory: about 12 bytes per record and key, plus the records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .blocking import CANDIDATE_KEYS, KEY_CAP_FACTOR, blocking_keys, keys_from_parts
from .compare import compare_pairs
from .model import Model, probability, score
from .prepare import prepare
from .resolve import default_model, explain, to_table


@dataclass
class Candidate:
    record_id: str
    probability: float
    match_weight: float
    reasons: str


class CandidateIndex:
    """In-memory index over known person records (an Arrow table / DataFrame / dicts)."""

    def __init__(self, records, *, model: Model | None = None, default_region: str = "BO", max_block: int = 30,
                 max_candidates: int = 60):
        self.table = to_table(records)
        self.default_region = default_region
        self.max_candidates = max_candidates
        prep = prepare(self.table, default_region=default_region)
        self.n = prep.n
        self.model = model or (default_model() or Model.from_dict({}))
        if model is None:
            self.model = self.model.rescaled_prior(self.n)
        self.model.tf_weight = 0.0  # one record cannot measure name frequencies
        self.phon = prep.phon_index
        self.docs = {w: i for i, w in enumerate(prep.doc_vocab)}
        self.phones = {w: i for i, w in enumerate(prep.phone_vocab)}
        self.emails = {w: i for i, w in enumerate(prep.email_vocab)}
        self.addresses = {w: i for i, w in enumerate(prep.address_vocab)}
        self.postcodes = {w: i for i, w in enumerate(prep.postcode_vocab)}
        self.caps = {k: max(2, int(max_block * KEY_CAP_FACTOR.get(k, 1.0))) for k in CANDIDATE_KEYS}
        self.sorted_keys: dict[str, np.ndarray] = {}
        self.rows: dict[str, np.ndarray] = {}
        for name, key in blocking_keys(prep, CANDIDATE_KEYS).items():
            valid = np.flatnonzero(key >= 0)
            order = np.argsort(key[valid], kind="stable")
            self.sorted_keys[name] = key[valid][order]
            self.rows[name] = valid[order].astype(np.int32)

    def _parts(self, record: dict) -> dict[str, np.ndarray]:
        """The record's key ingredients as codes of this index's vocabularies.

        The record goes through the same ``prepare`` as the indexed records, so it is
        normalised by the same functions; its words are then looked up in the index.
        """
        one = prepare(to_table([{**record, "record_id": "__query__"}]), default_region=self.default_region)

        def word(codes: np.ndarray, vocab: list[str]) -> str:
            return vocab[codes[0]] if codes[0] >= 0 else ""

        def phon(codes: np.ndarray, lut: np.ndarray) -> int:
            if codes[0] < 0:
                return -1
            sound = next(w for w, c in one.phon_index.items() if c == lut[codes[0]])
            return self.phon.get(sound, -1)

        def code(vocab: dict[str, int], value: str) -> int:
            return vocab.get(value, -1) if value else -1

        def arr(v: int) -> np.ndarray:
            return np.array([v], dtype=np.int64)

        given = word(one.given, one.given_vocab)
        return {"sp1": arr(phon(one.sur1, one.sur_phon)), "sp2": arr(phon(one.sur2, one.sur_phon)),
                "gp": arr(phon(one.given_canon, one.canon_phon)), "initial": arr(ord(given[0]) if given else -1),
                "year": arr(int(one.year[0])), "month": arr(int(one.month[0])), "day": arr(int(one.day[0])),
                "document": arr(code(self.docs, word(one.document, one.doc_vocab))),
                "phone": arr(code(self.phones, word(one.phone, one.phone_vocab))),
                "email": arr(code(self.emails, word(one.email, one.email_vocab))),
                "address": arr(code(self.addresses, word(one.address, one.address_vocab))),
                "postcode": arr(code(self.postcodes, word(one.postcode, one.postcode_vocab)))}

    def candidate_rows(self, record: dict) -> np.ndarray:
        found = []
        for name, key in keys_from_parts(self._parts(record), self.sorted_keys).items():
            if key[0] < 0:
                continue
            sk = self.sorted_keys[name]
            lo, hi = np.searchsorted(sk, key[0], "left"), np.searchsorted(sk, key[0], "right")
            if 0 < hi - lo <= self.caps[name]:
                found.append(self.rows[name][lo:hi])
        if not found:
            return np.empty(0, np.int32)
        rows, hits = np.unique(np.concatenate(found), return_counts=True)
        if rows.size > self.max_candidates:
            # Keep the rows that share the most keys with the query: a true duplicate
            # usually shares several; scoring cost stays bounded for common names.
            rows = rows[np.argsort(-hits, kind="stable")[: self.max_candidates]]
        return rows

    def lookup(self, record: dict, *, limit: int = 10, min_probability: float = 0.01) -> list[Candidate]:
        """Known records that may be the same person, best first, with reasons."""
        rows = self.candidate_rows(record)
        if rows.size == 0:
            return []
        query = to_table([{**record, "record_id": "__query__"}])
        known = self.table.take(pa.array(rows)).select(query.column_names)
        small = pa.concat_tables([query, known.cast(query.schema)])
        prep = prepare(small, default_region=self.default_region)
        right = np.arange(1, prep.n, dtype=np.int32)
        levels = compare_pairs(prep, np.zeros(right.size, dtype=np.int32), right, workers=1)
        weight, adj = score(self.model, levels, None)
        prob = probability(weight)
        order = np.argsort(-weight)[:limit]
        order = order[prob[order] >= min_probability]
        reasons = explain(self.model, levels[order], adj[order])
        ids = small.column("record_id").to_pylist()
        return [Candidate(ids[right[k]], float(prob[k]), float(weight[k]), reasons[i]) for i, k in enumerate(order)]
