"""Hashing and verification of the audit chain (pure functions, no I/O)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def entry_digest(
    *, seq: int, at_iso: str, actor_id, actor_label: str, action: str, object_type: str,
    object_id: str, case_id, ip_address, details: dict, prev_hash: str,
) -> str:
    payload = json.dumps(
        [seq, at_iso, actor_id, actor_label, action, object_type, object_id, case_id, ip_address,
         details, prev_hash],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    problem: str = ""


def verify_rows(rows: Iterable[dict], *, head_seq: int | None, head_hash: str | None) -> VerifyResult:
    """Walk entries in ``seq`` order; name the first one that was altered, removed or moved."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for row in rows:
        bad = None
        if row["seq"] != expected_seq:
            bad = f"sequence gap or reorder: expected #{expected_seq}, found #{row['seq']} (entry removed?)"
        elif row["prev_hash"] != prev_hash:
            bad = "previous-hash link broken (entry removed or reordered before it)"
        elif entry_digest(**{k: row[k] for k in _DIGEST_KEYS}) != row["hash"]:
            bad = "content does not match its hash (entry altered)"
        if bad:
            return VerifyResult(False, checked, row["seq"], row["id"], bad)
        prev_hash, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    if head_seq is not None and head_seq != expected_seq - 1:
        return VerifyResult(False, checked, expected_seq, None, "entries missing at the end of the chain")
    if head_hash is not None and checked and head_hash != prev_hash:
        return VerifyResult(False, checked, expected_seq - 1, None, "chain tip does not match the head")
    return VerifyResult(True, checked)


_DIGEST_KEYS = (
    "seq", "at_iso", "actor_id", "actor_label", "action", "object_type", "object_id", "case_id",
    "ip_address", "details", "prev_hash",
)
