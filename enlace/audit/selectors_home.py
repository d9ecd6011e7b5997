"""The auditor's home panel: the last verification of the chain, and the day's activity in numbers.

Nothing is re-hashed here (the audit page does that, at a cost bounded by its checkpoints): the
panel reads the latest recorded verification and counts entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from enlace.core.actors import Actor

from .models import AuditCheckpoint, AuditEntry


def home_audit(actor: Actor) -> dict[str, Any] | None:
    """For auditors: the latest verification (``None`` before the first) and recent counts."""
    if not actor.is_auditor:
        return None
    now = timezone.now()
    reveals = AuditEntry.objects.filter(action__endswith=".reveal", at__gte=now - dt.timedelta(days=7))
    return {
        "checkpoint": AuditCheckpoint.objects.order_by("-verified_at", "-id").first(),
        "entries_today": AuditEntry.objects.filter(at__gte=now - dt.timedelta(days=1)).count(),
        "reveals_week": reveals.count(),
    }
