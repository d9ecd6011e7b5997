"""The audit log: append-only, hash-chained, sealed with a key kept outside the database.

Each entry stores the hash of the previous entry, so altering, deleting or reordering any row
breaks the chain from that point (``enlace audit verify``). Since the keyed chain began, the
hash is an HMAC under the audit key (``enlace.audit.keyring``), so whoever can write the table
cannot recompute it; the head is also anchored outside the database (``enlace.audit.anchor``)
so that removing the tail or everything shows. Database triggers refuse UPDATE and DELETE
(migration 0002; checkpoints: 0003), and on PostgreSQL the application's role may not TRUNCATE,
ALTER or disable triggers (``enlace db roles``).
"""

from django.conf import settings
from django.db import models

from .actions import action_label


class AuditEntry(models.Model):
    # Not columns: the object and the case in words, set on the entries a page shows (``labels.py``).
    object_label: str
    case_label: str

    append_only = True  # the application's database role may only SELECT and INSERT (enlace db roles)
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The audit key that seals ``hash`` (HMAC); NULL: written before the keyed chain (plain SHA-256).
    # Nullable on purpose: SQLite adds a nullable column in place, while a NOT NULL one rebuilds the
    # table and would drop its append-only triggers.
    key_id = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)

class AuditHead(models.Model):
    """Single row holding the chain's tip; locked by each append to serialise writers."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    key_id = models.CharField(max_length=16, blank=True, default="")  # the tip's audit key ("": unkeyed)


class AuditCheckpoint(models.Model):
    """One verification of the chain, kept so the audit page need not re-hash millions of entries.

    An OK row vouches for entries 1..``seq`` (tip ``hash``) at ``verified_at``: the page then
    verifies only the entries after the best one. ``full`` says whether that walk started at
    genesis or only re-hashed a tail after an earlier checkpoint; an entry altered before a
    checkpoint is found only by a full walk, so the page shows when the last one ran. A failed row
    (``ok`` false, ``seq`` = first bad entry) stays visible until a later full walk passes, and
    even then is shown as a warning. Append-only like the entries (migration 0003).
    """

    append_only = True

    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64, blank=True)
    verified_at = models.DateTimeField(db_index=True)  # when the walk started (its snapshot)
    ok = models.BooleanField()
    full = models.BooleanField()
    checked = models.PositiveBigIntegerField(default=0)
    problem = models.CharField(max_length=200, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-verified_at", "-id"]
        indexes = [models.Index(fields=["ok", "seq"]), models.Index(fields=["ok", "full", "verified_at"])]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq} {'ok' if self.ok else 'broken'}{' (full)' if self.full else ''}"
