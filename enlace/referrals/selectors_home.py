"""The receiving organisation's home panel: incoming referrals counted by status, the waiting ones listed.

Only what the recipient may already read on its referral list leaves here: references, services,
the sending institution and how long a referral has waited (never a name or a case).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from enlace.accounts.models import User

from .models import ReferralStatus, Service
from .selectors import days_waiting, is_overdue, recipient_institution_ids, referrals_incoming

SHOWN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE,
                  ReferralStatus.COMPLETED, ReferralStatus.REJECTED)


def home_incoming(actor: User) -> dict[str, Any] | None:
    """Counts per status and the referrals still waiting for an answer, or ``None`` for a non-recipient."""
    if not recipient_institution_ids(actor):
        return None
    incoming = referrals_incoming(actor=actor)
    counts = dict(incoming.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    waiting = []
    for referral in incoming.filter(status=ReferralStatus.SENT).order_by("sent_at", "id")[:10]:
        waiting.append({"id": referral.public_id, "reference": referral.reference,
                        "service": Service(referral.service).label,
                        "sender": referral.sent_by_institution.name,
                        "days": days_waiting(referral), "overdue": is_overdue(referral)})
    return {"counts": [(ReferralStatus(s).label, s, counts.get(s, 0)) for s in SHOWN_STATUSES],
            "waiting": waiting}
