"""Reads of the recipient's work on a referral: which side the actor is on, the message thread and
the service plan. Both sides read the thread and the plan; only the receiving organisation writes the
plan. Anyone else gets ``NotFound``, the same answer as for a referral that does not exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.core.errors import NotFound
from enlace.core.public_ids import visible_by_public_id

from .models import Referral
from .models_work import PlanItemKind, ReferralMessage, ServicePlanItem, Side
from .selectors import referrals_incoming, referrals_sent_visible


def referral_side(*, actor: User, referral_id: UUID) -> tuple[Referral, str]:
    """The referral and the actor's side of it (the receiving organisation first), recorded as a read;
    ``NotFound`` for everyone else."""
    side = Side.RECIPIENT
    referral = visible_by_public_id(referrals_incoming(actor=actor), referral_id)
    if referral is None:
        side = Side.SENDER
        referral = visible_by_public_id(referrals_sent_visible(actor=actor).select_related("recipient", "sent_by"),
                                        referral_id)
    if referral is None:
        raise NotFound
    audit_read(actor=actor, action="referral.read", obj=referral, details={"reference": referral.reference})
    return referral, side


@dataclass
class ReferralWork:
    side: str
    messages: list[ReferralMessage] = field(default_factory=list)
    goals: list[ServicePlanItem] = field(default_factory=list)
    activities: list[ServicePlanItem] = field(default_factory=list)
    notes: list[ServicePlanItem] = field(default_factory=list)

    @property
    def may_plan(self) -> bool:
        return self.side == Side.RECIPIENT


def referral_work(*, actor: User, referral_id: UUID) -> ReferralWork:
    """The thread and the plan of a referral the actor may see, recorded as one read."""
    referral, side = referral_side(actor=actor, referral_id=referral_id)
    messages = list(referral.messages.select_related("author"))
    items = list(referral.plan_items.all())
    audit_read(actor=actor, action="referral.work_read", obj=referral,
               details={"reference": referral.reference, "side": side, "messages": len(messages),
                        "plan_items": len(items)})
    return ReferralWork(side=side, messages=messages,
                        goals=[i for i in items if i.kind == PlanItemKind.GOAL],
                        activities=[i for i in items if i.kind == PlanItemKind.ACTIVITY],
                        notes=[i for i in items if i.kind == PlanItemKind.NOTE])
