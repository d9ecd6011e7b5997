"""Writing audit entries. Call ``audit_record`` inside the transaction of the change it records.

Why inside: if the change rolls back, so does its entry; if the entry cannot be written,
the change does not happen. The chain head row is locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with IMMEDIATE transactions) so two writers can
never link to the same previous entry.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from enlace.core.actors import Actor
from enlace.core.memo import memo_clear

from .chain import entry_digest
from .models import AuditCheckpoint, AuditEntry, AuditHead
from .selectors import ChainCheck, audit_chain_check

SECRET_KEYS = {"password", "password1", "password2", "token", "key", "secret", "otp", "totp"}


def _clean(details: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("[redacted]" if k.lower() in SECRET_KEYS else (_clean(v) if isinstance(v, dict) else v))
        for k, v in details.items()
    }


def _is_read(action: str) -> bool:
    return action.endswith(("read", ".reveal"))


def audit_record(
    *, actor: Actor | None = None, action: str, obj: models.Model | None = None, object_type: str = "", object_id: Any = "",
    case_id: int | None = None, details: dict[str, Any] | None = None, ip_address: str | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    if not _is_read(action):
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
    at = timezone.now()
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    label = actor_label if actor_label is not None else (actor.get_username() if actor is not None and actor_id else "")
    clean = _clean(details or {})
    seq = head.seq + 1
    digest = entry_digest(
        seq=seq, at_iso=at.isoformat(), actor_id=actor_id, actor_label=label, action=action,
        object_type=object_type, object_id=object_id, case_id=case_id, ip_address=ip_address,
        details=clean, prev_hash=head.hash,
    )
    entry = AuditEntry.objects.create(
        seq=seq, at=at, actor_id=actor_id, actor_label=label, action=action, object_type=object_type,
        object_id=object_id, case_id=case_id, ip_address=ip_address, details=clean,
        prev_hash=head.hash, hash=digest,
    )
    AuditHead.objects.filter(id=1).update(seq=seq, hash=digest)
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


def audit_chain_checkpoint(*, actor: Actor | None = None, full: bool, actor_label: str | None = None) -> ChainCheck:
    """Verify the chain (whole, or the tail after the best OK checkpoint) and record the outcome.

    Only the recording is atomic: the walk runs before the transaction opens, because a walk of
    millions of entries inside SQLite's IMMEDIATE transaction would block every other writer.
    """
    check = audit_chain_check(full=full)
    audit_checkpoint_record(check=check, actor=actor, actor_label=actor_label)
    return check


def audit_list_read(*, actor: Actor, filters: dict[str, Any], page: str) -> None:
    """Record that an auditor read a page of the log (with the filters used)."""
    audit_record(actor=actor, action="audit.read",
                 details={"filters": {k: str(v) for k, v in filters.items()}, "page": page[:12]})


def audit_entry_read(*, actor: Actor, entry: AuditEntry) -> None:
    audit_record(actor=actor, action="audit.read", obj=entry, details={"seq": entry.seq})
