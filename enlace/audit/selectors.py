"""Reading the audit log: only auditors, and the read of the log is itself audited."""

from __future__ import annotations

from django.db.models import QuerySet

from enlace.core.errors import NotFound

from .chain import VerifyResult, verify_rows
from .models import AuditEntry, AuditHead


def audit_entry_list(*, actor, action: str = "", username: str = "", case_id: int | None = None,
                     object_type: str = "", date_from=None, date_to=None) -> QuerySet[AuditEntry]:
    if not actor.is_auditor:
        raise NotFound
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action__startswith=action)
    if username:
        qs = qs.filter(actor_label=username)
    if case_id:
        qs = qs.filter(case_id=case_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-seq")


def audit_chain_verify() -> VerifyResult:
    head = AuditHead.objects.filter(id=1).first()
    fields = ("id", "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id",
              "case_id", "ip_address", "details", "prev_hash", "hash")

    def rows():
        for r in AuditEntry.objects.order_by("seq").values(*fields).iterator(chunk_size=2000):
            r["at_iso"] = r.pop("at").isoformat()
            yield r

    return verify_rows(rows(), head_seq=head.seq if head else None, head_hash=head.hash if head else None)
