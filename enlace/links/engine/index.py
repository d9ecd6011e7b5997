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
from .prepare import (
    PHONE_PLANS,
    _address_value,
    _postcode_value,
    normalize_country_value,
    normalize_document_value,
    normalize_phone_value,
    parse_date_value,
    prepare,
)
from .resolve import default_model, explain, to_table
from .text import (
    canonical_given,
    clean_text,
    load_nicknames,
    spanish_phonetic,
    split_full_name,
    split_surnames,
)


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
        self.nicknames = load_nicknames()
        self.caps = {k: max(2, int(max_block * KEY_CAP_FACTOR.get(k, 1.0))) for k in CANDIDATE_KEYS}
        self.sorted_keys: dict[str, np.ndarray] = {}
        self.rows: dict[str, np.ndarray] = {}
        for name, key in blocking_keys(prep).items():
            if name not in CANDIDATE_KEYS:
                continue
            valid = np.flatnonzero(key >= 0)
            order = np.argsort(key[valid], kind="stable")
            self.sorted_keys[name] = key[valid][order]
            self.rows[name] = valid[order].astype(np.int32)

    def _parts(self, record: dict) -> dict[str, np.ndarray]:
        given = clean_text(record.get("given_names"))
        surnames = clean_text(record.get("surnames"))
        raw_g, raw_s = str(record.get("given_names") or ""), str(record.get("surnames") or "")
        if not given and "," in raw_s:
            given, surnames = split_full_name(raw_s)
        elif not surnames and "," in raw_g:
            given, surnames = split_full_name(raw_g)
        s1, s2, _ = split_surnames(surnames)
        canon = canonical_given(given, self.nicknames)
        year, month, day = parse_date_value(str(record.get("birth_date") or ""))
        country = normalize_country_value(str(record.get("country") or ""))
        region = country if country in PHONE_PLANS else self.default_region
        phone = normalize_phone_value(str(record.get("phone") or ""), region)
        doc = normalize_document_value(str(record.get("document_number") or ""))
        email = str(record.get("email") or "").strip().lower()
        address = _address_value(str(record.get("address") or ""))
        postcode = _postcode_value(str(record.get("postcode") or ""))

        def phon(word: str) -> int:
            return self.phon.get(spanish_phonetic(word), -1) if word else -1

        def arr(v: int) -> np.ndarray:
            return np.array([v], dtype=np.int64)

        return {"sp1": arr(phon(s1)), "sp2": arr(phon(s2)), "gp": arr(phon(canon)),
                "initial": arr(ord(given[0]) if given else -1), "year": arr(year), "month": arr(month),
                "day": arr(day), "document": arr(self.docs.get(doc, -1) if doc else -1),
                "phone": arr(self.phones.get(phone, -1) if len(phone) >= 7 else -1),
                "email": arr(self.emails.get(email, -1) if "@" in email else -1),
                "address": arr(self.addresses.get(address, -1) if address else -1),
                "postcode": arr(self.postcodes.get(postcode, -1) if postcode else -1)}

    def candidate_rows(self, record: dict) -> np.ndarray:
        found = []
        for name, key in keys_from_parts(self._parts(record)).items():
            if name not in self.sorted_keys or key[0] < 0:
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
