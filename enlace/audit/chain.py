"""Hashing and verification of the audit chain (pure functions, no I/O)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_digest(
    *, seq: int, at_iso: str, actor_id: int | None, actor_label: str, action: str, object_type: str,
    object_id: str, case_id: int | None, ip_address: str | None, details: dict[str, Any], prev_hash: str,
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
    last_seq: int = 0  # the last entry verified (the anchor when none was): a checkpoint can start here
    last_hash: str = GENESIS


def verify_rows(
    rows: Iterable[dict[str, Any]], *, head_seq: int | None, head_hash: str | None,
    after_seq: int = 0, after_hash: str = GENESIS,
) -> VerifyResult:
    """Walk entries in ``seq`` order; name the first one that was altered, removed or moved.

    ``after_seq``/``after_hash`` anchor the walk on an entry verified earlier (a checkpoint), so
    only the tail after it is re-hashed: ``rows`` then start at ``after_seq + 1``, and the first
    one must link to ``after_hash``. The anchor is trusted: entries up to it are not looked at,
    which is why only a walk from genesis (the defaults) can vouch for the whole chain.
    """
    prev_hash, expected_seq, checked = after_hash, after_seq + 1, 0
    for row in rows:
        bad = None
        if row["seq"] != expected_seq:
            bad = f"sequence gap or reorder: expected #{expected_seq}, found #{row['seq']} (entry removed?)"
        elif row["prev_hash"] != prev_hash:
            bad = "previous-hash link broken (entry removed or reordered before it)"
        elif entry_digest(**{k: row[k] for k in _DIGEST_KEYS}) != row["hash"]:
            bad = "content does not match its hash (entry altered)"
        if bad:
            return VerifyResult(False, checked, row["seq"], row["id"], bad, expected_seq - 1, prev_hash)
        prev_hash, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return VerifyResult(False, checked, expected_seq, None, "entries missing at the end of the chain",
                            last_seq, prev_hash)
    if head_hash is not None and last_seq and head_hash != prev_hash:
        return VerifyResult(False, checked, last_seq, None, "chain tip does not match the head", last_seq, prev_hash)
    return VerifyResult(True, checked, last_seq=last_seq, last_hash=prev_hash)


_DIGEST_KEYS = (
    "seq", "at_iso", "actor_id", "actor_label", "action", "object_type", "object_id", "case_id",
    "ip_address", "details", "prev_hash",
)
