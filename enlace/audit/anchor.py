"""The anchor: the chain's head written outside the database, so truncation and wiping show.

Why: a keyed chain stops forgery, but not removal. Deleting the last entries and moving the
head back, or deleting everything, leaves a shorter chain whose every seal is still valid. So
the head (entry count, last hash, time) is appended, sealed with the audit key, to a file in
another place (``ENLACE_AUDIT_ANCHOR``; put it on another disk, a mount the database owner cannot
write, or ship each line to a remote syslog). Each line also seals the previous line's MAC, so
lines cannot be dropped from the middle or edited. ``enlace audit verify`` compares the chain
with the latest line: fewer entries than anchored, a different hash at the anchored entry, or a
keyed chain starting elsewhere is tampering, named as such.

A restore from backup appends a ``restore`` line: after it, the restored (shorter) chain is the
expected one, and verification reports the restore instead of tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .keyring import audit_keyring

EVENTS = ("init", "verify", "periodic", "restore")


class AnchorError(Exception):
    """The anchor file is missing, unreadable, or one of its lines is not sealed correctly."""


@dataclass(frozen=True)
class Anchor:
    event: str
    at: str
    seq: int
    hash: str
    keyed_from: int | None
    key_id: str
    prev: str
    note: str = ""
    mac: str = ""

    def payload(self) -> bytes:
        data = asdict(self)
        data.pop("mac")
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def anchor_path() -> Path:
    return Path(getattr(settings, "ENLACE_AUDIT_ANCHOR", "var/audit-anchor.jsonl"))


def _mac(anchor: Anchor) -> str:
    ring = audit_keyring()
    if anchor.key_id not in ring.keys:
        raise AnchorError(f"anchor line sealed with unknown audit key {anchor.key_id!r}")
    return hmac.new(ring.keys[anchor.key_id], anchor.payload(), hashlib.sha256).hexdigest()


def read_anchors() -> list[Anchor]:
    """Every line, checked: its seal and its link to the line before. Missing file: ``[]``."""
    path = anchor_path()
    if not path.exists():
        return []
    out: list[Anchor] = []
    prev = ""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = Anchor(**json.loads(line))
        except (ValueError, TypeError):
            raise AnchorError(f"anchor line {number} is not readable") from None
        if not hmac.compare_digest(_mac(anchor), anchor.mac):
            raise AnchorError(f"anchor line {number} does not match its seal (anchor edited)")
        if anchor.prev != prev:
            raise AnchorError(f"anchor line {number} does not follow line {number - 1} (lines removed)")
        out.append(anchor)
        prev = anchor.mac
    return out


def latest_anchor() -> Anchor | None:
    lines = read_anchors()
    return lines[-1] if lines else None


def append_anchor(*, event: str, seq: int, hash: str, keyed_from: int | None, note: str = "",
                  create: bool = False) -> Anchor:
    """Append one sealed line; refuses to start a new file unless ``create`` (a lost anchor must show)."""
    assert event in EVENTS
    path = anchor_path()
    lines = read_anchors()
    if not lines and not create:
        raise AnchorError(f"no audit anchor at {path}: start one with 'enlace audit anchor --init'")
    draft = Anchor(event=event, at=timezone.now().isoformat(), seq=seq, hash=hash, keyed_from=keyed_from,
                   key_id=audit_keyring().primary, prev=lines[-1].mac if lines else "", note=note[:200])
    sealed = Anchor(**{**asdict(draft), "mac": _mac(draft)})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a") as fh:
        fh.write(json.dumps(asdict(sealed), sort_keys=True, separators=(",", ":")) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return sealed


def anchor_problem(anchor: Anchor, *, last_seq: int, hash_at_anchor: str | None, keyed_from: int | None) -> str:
    """What the chain contradicts in the latest anchor ("" when it agrees).

    ``last_seq`` is the chain's last verified entry, ``hash_at_anchor`` the stored hash of the
    entry at the anchored position (None: no such entry), ``keyed_from`` the chain's first keyed
    entry.
    """
    since = f"anchored {anchor.event} at {anchor.at}"
    if last_seq < anchor.seq:
        return (f"the chain has {last_seq} entries but {anchor.seq} were {since}: "
                f"{anchor.seq - last_seq} entries removed (tail deleted or log wiped)")
    if anchor.seq and hash_at_anchor != anchor.hash:
        return f"entry #{anchor.seq} differs from the one {since} (chain rewritten)"
    if anchor.keyed_from is not None and keyed_from != anchor.keyed_from:
        return f"the keyed chain should start at #{anchor.keyed_from} ({since}), found {keyed_from}"
    return ""
