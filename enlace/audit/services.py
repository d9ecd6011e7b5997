"""Writing audit entries. Call ``audit_record`` inside the transaction of the change it records.

Why inside: if the change rolls back, so does its entry; if the entry cannot be written,
the change does not happen. The chain head row is locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with IMMEDIATE transactions) so two writers can
never link to the same previous entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from enlace.core.actors import Actor
from enlace.core.memo import memo_clear

from .actions import is_read_action
from .anchor import AnchorError, anchor_path, append_anchor, read_anchors
from .chain import entry_digest
from .keyring import audit_keyring
from .models import AuditCheckpoint, AuditEntry, AuditHead
from .selectors import AnchorCheck, ChainCheck, audit_anchor_check, audit_chain_check, keyed_from
from .terms import search_fingerprint

SECRET_KEYS = {"password", "password1", "password2", "token", "key", "secret", "otp", "totp"}


def _clean(details: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("[redacted]" if k.lower() in SECRET_KEYS else (_clean(v) if isinstance(v, dict) else v))
        for k, v in details.items()
    }




def audit_record(
    *, actor: Actor | None = None, action: str, obj: models.Model | None = None, object_type: str = "", object_id: Any = "",
    case_id: int | None = None, details: dict[str, Any] | None = None, ip_address: str | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    if not is_read_action(action):
        # Every write is audited in its transaction: the one point where access answers
        # remembered for this request (``enlace.core.memo``) may have become stale.
        memo_clear()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return _append(actor, action, object_type, str(object_id or ""), case_id, details, ip_address, actor_label)
    return _append(actor, action, object_type, str(object_id or ""), case_id, details, ip_address, actor_label)


def _append(actor: Actor | None, action: str, object_type: str, object_id: str, case_id: int | None,
            details: dict[str, Any] | None, ip_address: str | None, actor_label: str | None) -> AuditEntry:
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    label = actor_label if actor_label is not None else (actor.get_username() if actor is not None and actor_id else "")
    if head.seq and not head.key_id:
        # The first entry after the upgrade from the unkeyed chain says where the keyed one starts.
        _write(head, actor_id=None, label="(system)", action="audit.chain.keyed", object_type="",
               object_id="", case_id=None, details={"legacy_entries": head.seq}, ip_address=None)
    return _write(head, actor_id=actor_id, label=label, action=action, object_type=object_type,
                  object_id=object_id, case_id=case_id, details=_clean(details or {}), ip_address=ip_address)


def _write(head: AuditHead, *, actor_id: int | None, label: str, action: str, object_type: str,
           object_id: str, case_id: int | None, details: dict[str, Any], ip_address: str | None) -> AuditEntry:
    """Seal one entry with the primary audit key and move the (locked) head onto it."""
    ring = audit_keyring()
    at = timezone.now()
    seq = head.seq + 1
    digest = entry_digest(
        seq=seq, at_iso=at.isoformat(), actor_id=actor_id, actor_label=label, action=action,
        object_type=object_type, object_id=object_id, case_id=case_id, ip_address=ip_address,
        details=details, prev_hash=head.hash, key_id=ring.primary, key=ring.primary_key,
    )
    entry = AuditEntry.objects.create(
        seq=seq, at=at, actor_id=actor_id, actor_label=label, action=action, object_type=object_type,
        object_id=object_id, case_id=case_id, ip_address=ip_address, details=details,
        prev_hash=head.hash, hash=digest, key_id=ring.primary,
    )
    AuditHead.objects.filter(id=1).update(seq=seq, hash=digest, key_id=ring.primary)
    head.seq, head.hash, head.key_id = seq, digest, ring.primary
    return entry


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed (for write entries)."""
    return {k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v}


@transaction.atomic
def audit_checkpoint_record(*, check: ChainCheck, actor: Actor | None = None, actor_label: str | None = None) -> AuditCheckpoint:
    """Keep the outcome of a walk as a checkpoint, and log that the check was made, together.

    Why keep failures too: a failure on record stands on the audit page until a later full walk
    passes, so tampering found once cannot be hidden by an older OK checkpoint or a clean tail.
    An OK row names the last entry verified (``seq``/``hash``: where the next tail walk starts);
    a failed row names the first bad entry and has no hash.
    """
    result = check.result
    seq = result.last_seq if result.ok else result.first_bad_seq
    assert seq is not None, "a failed walk names its first bad entry"
    label = actor.get_username() if actor is not None and getattr(actor, "pk", None) else (actor_label or "")
    checkpoint = AuditCheckpoint.objects.create(
        seq=seq, hash=result.last_hash if result.ok else "",
        verified_at=check.started_at, ok=result.ok, full=check.full, checked=result.checked,
        problem=result.problem[:200], actor_label=label[:150],
    )
    audit_record(actor=actor, actor_label=actor_label, action="audit.verify", obj=checkpoint,
                 details={"full": check.full, "ok": result.ok, "checked": result.checked, "seq": checkpoint.seq})
    return checkpoint


def _anchor_failure(check: ChainCheck, anchor: AnchorCheck) -> ChainCheck:
    """The walk's outcome turned into a failure naming what contradicts the anchor."""
    r = check.result
    if anchor.anchor is None:
        first_bad = 0
    elif r.last_seq < anchor.anchor.seq:
        first_bad = r.last_seq + 1
    else:
        first_bad = anchor.anchor.seq
    failed = replace(r, ok=False, first_bad_seq=first_bad, first_bad_id=None, problem=anchor.problem)
    return replace(check, result=failed)


def audit_verify_and_anchor(*, full: bool, event: str = "verify") -> ChainCheck:
    """Walk the chain, compare it with the latest anchor, anchor the new head when both agree.

    The head is anchored only then, so a tampered chain never becomes the new reference.
    ``full`` walks from genesis (``enlace audit verify``); otherwise only the tail after the best
    checkpoint is re-hashed (the periodic job), which is enough for the anchor: every keyed entry
    is sealed, so what is left to find is removal, and the anchor finds it.
    """
    check = audit_chain_check(full=full)
    if check.result.ok:
        auto = getattr(settings, "ENLACE_AUDIT_ANCHOR_AUTO_INIT", False)
        anchor = audit_anchor_check(check.result, missing_ok=auto)
        if anchor.problem:
            return _anchor_failure(check, anchor)
        append_anchor(event=event, seq=check.result.last_seq, hash=check.result.last_hash,
                      keyed_from=anchor.keyed_from, create=auto)
    return check


def audit_verify(*, full: bool, event: str = "verify", actor: Actor | None = None,
                 actor_label: str | None = None) -> ChainCheck:
    """``audit_verify_and_anchor`` and its outcome recorded as a checkpoint (with its audit entry).

    Only the recording is atomic: the walk runs before the transaction opens, because a walk of
    millions of entries inside SQLite's IMMEDIATE transaction would block every other writer.
    """
    check = audit_verify_and_anchor(full=full, event=event)
    audit_checkpoint_record(check=check, actor=actor, actor_label=actor_label)
    return check


def audit_list_read(*, actor: Actor, filters: dict[str, Any], page: str) -> None:
    """Record that an auditor read a page of the log (with the filters used)."""
    recorded = {k: str(v) for k, v in filters.items() if k != "searched"}
    details: dict[str, Any] = {"filters": recorded, "page": page[:12]}
    if filters.get("searched"):
        details["search"] = search_fingerprint(str(filters["searched"]))  # never the name in clear
    audit_record(actor=actor, action="audit.read", details=details)


def audit_entry_read(*, actor: Actor, entry: AuditEntry) -> None:
    audit_record(actor=actor, action="audit.read", obj=entry, details={"seq": entry.seq})


def _recorded_filters(filters: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {"filters": {k: str(v) for k, v in filters.items() if k != "searched"}}
    if filters.get("searched"):
        details["search"] = search_fingerprint(str(filters["searched"]))
    return details


def audit_reveals_read(*, actor: Actor, filters: dict[str, Any]) -> None:
    """Record that an auditor read the reveals report (with its filters)."""
    audit_record(actor=actor, action="audit.reveals_read", details=_recorded_filters(filters))


def audit_export_read(*, actor: Actor, report: str, filters: dict[str, Any]) -> None:
    """Record an export of the log ("audit") or of the reveals report ("audit_reveals"), before a row
    is written: the file leaves no trace otherwise."""
    audit_record(actor=actor, action=f"export.{report}", details=_recorded_filters(filters))


def audit_suggest_read(*, actor: Actor, text: str) -> None:
    """Record a look-up of references and pseudonyms; what was typed is kept as keyed hashes only."""
    audit_record(actor=actor, action="audit.suggest.search", details={"search": search_fingerprint(text)})
# The audit page's button and older callers: the same verification, anchored.
audit_chain_checkpoint = audit_verify


def audit_anchor_periodic() -> ChainCheck:
    """What the job worker schedules (e.g. every 15 minutes): tail walk, anchor compare, new anchor line."""
    return audit_verify(full=False, event="periodic", actor_label="(scheduler)")


def audit_anchor_init() -> ChainCheck:
    """Start the anchor file of an installation (refused when one exists: a lost anchor must show)."""
    if read_anchors():
        raise AnchorError(f"an anchor already exists at {anchor_path()}: it is never restarted")
    check = audit_chain_check(full=True)
    if check.result.ok:
        append_anchor(event="init", seq=check.result.last_seq, hash=check.result.last_hash,
                      keyed_from=keyed_from(), create=True)
    audit_checkpoint_record(check=check, actor_label="(operator)")
    return check


def audit_anchor_restore(*, note: str = "", details: dict[str, Any] | None = None) -> ChainCheck:
    """Record a restore from backup in the anchor: the restored head becomes the reference.

    Called right after the database was restored. Without it, the restored chain (shorter than
    the last anchored head) would be reported as a deleted tail. The chain is walked first; a
    broken restored chain is not anchored (its result says why) and stays reported. The anchor
    file may be new (restore onto another machine): the restore line then starts it.
    ``details`` (what was restored: the backup's creation time, its head) go into the entry.
    """
    check = audit_chain_check(full=True)
    if check.result.ok:
        append_anchor(event="restore", seq=check.result.last_seq, hash=check.result.last_hash,
                      keyed_from=keyed_from(), note=note, create=True)
        audit_record(action="audit.restore", actor_label="(operator)",
                     details={**(details or {}), "restored_entries": check.result.last_seq, "note": note[:200]})
    return check
