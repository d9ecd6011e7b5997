"""Hashing and verification of the audit chain (pure functions, no I/O).

Why keyed: a plain SHA-256 chain can be rewritten end to end by whoever can write the table
(alter an entry, recompute every later hash and the head). Entries written since the keyed
chain started carry ``key_id`` and their ``hash`` is HMAC-SHA256 under that audit key, which is
kept outside the database (``enlace.audit.keyring``): without it no entry can be forged.
Entries written before (``key_id`` empty) stay verifiable as plain SHA-256, but only as a
prefix: an unkeyed entry after the first keyed one is a rewrite.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_digest(
    *, seq: int, at_iso: str, actor_id: int | None, actor_label: str, action: str, object_type: str,
    object_id: str, case_id: int | None, ip_address: str | None, details: dict[str, Any], prev_hash: str,
    key_id: str | None = None, key: bytes | None = None,
) -> str:
    """SHA-256 of the entry (legacy, ``key`` None) or HMAC-SHA256 under the audit key ``key_id``."""
    fields = [seq, at_iso, actor_id, actor_label, action, object_type, object_id, case_id, ip_address,
              details, prev_hash]
    if key is not None:
        fields.append(key_id)  # the key id is sealed too: relabelling an entry's key breaks it
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    if key is None:
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return hmac.digest(key, payload.encode("utf-8"), "sha256").hex()  # one C call: verification walks millions


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    problem: str = ""
    last_seq: int = 0  # the last entry verified (the anchor when none was): a checkpoint can start here
    last_hash: str = GENESIS
    keyed_from: int | None = None  # the first keyed entry seen by this walk (None: none seen)


def _row_problem(row: dict, keys: Mapping[str, bytes], keyed_seen: bool) -> str:
    """What is wrong with one entry's own seal ("" when it is sound)."""
    key_id = row.get("key_id") or None
    if key_id is None:
        if keyed_seen:
            return "unkeyed entry after the keyed chain began (rewritten without the audit key?)"
        expected = entry_digest(**{k: row[k] for k in _DIGEST_KEYS})
    else:
        if key_id not in keys:
            return f"entry sealed with unknown audit key {key_id!r}"
        expected = entry_digest(**{k: row[k] for k in _DIGEST_KEYS}, key_id=key_id, key=keys[key_id])
    if not hmac.compare_digest(expected, row["hash"]):
        return "content does not match its hash (entry altered)"
    return ""


def verify_rows(
    rows: Iterable[dict], *, head_seq: int | None, head_hash: str | None,
    after_seq: int = 0, after_hash: str = GENESIS, keys: Mapping[str, bytes] | None = None,
    keyed_before: bool = False,
) -> VerifyResult:
    """Walk entries in ``seq`` order; name the first one that was altered, removed or moved.

    ``after_seq``/``after_hash`` anchor the walk on an entry verified earlier (a checkpoint), so
    only the tail after it is re-hashed: ``rows`` then start at ``after_seq + 1``, and the first
    one must link to ``after_hash``. The anchor is trusted: entries up to it are not looked at,
    which is why only a walk from genesis (the defaults) can vouch for the whole chain.
    ``keys`` are the audit keys by id; ``keyed_before`` says the entry at the anchor was keyed.
    """
    keys = keys or {}
    prev_hash, expected_seq, checked = after_hash, after_seq + 1, 0
    keyed_seen, keyed_from = keyed_before, None
    for row in rows:
        bad = None
        if row["seq"] != expected_seq:
            bad = f"sequence gap or reorder: expected #{expected_seq}, found #{row['seq']} (entry removed?)"
        elif row["prev_hash"] != prev_hash:
            bad = "previous-hash link broken (entry removed or reordered before it)"
        else:
            bad = _row_problem(row, keys, keyed_seen)
        if bad:
            return VerifyResult(False, checked, row["seq"], row["id"], bad, expected_seq - 1, prev_hash, keyed_from)
        if row.get("key_id") and not keyed_seen:
            keyed_seen, keyed_from = True, row["seq"]
        prev_hash, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return VerifyResult(False, checked, expected_seq, None, "entries missing at the end of the chain",
                            last_seq, prev_hash, keyed_from)
    if head_hash is not None and last_seq and head_hash != prev_hash:
        return VerifyResult(False, checked, last_seq, None, "chain tip does not match the head", last_seq, prev_hash,
                            keyed_from)
    return VerifyResult(True, checked, last_seq=last_seq, last_hash=prev_hash, keyed_from=keyed_from)


_DIGEST_KEYS = (
    "seq", "at_iso", "actor_id", "actor_label", "action", "object_type", "object_id", "case_id",
    "ip_address", "details", "prev_hash",
)
