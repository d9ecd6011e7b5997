"""Writes of the recipient's work on a referral: a message to the other side, the service plan.
Atomic and audited; the audit entry names the referral and the side, never the words written."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.core.errors import NotFound

from .models import NotificationKind, ReferralStatus
from .models_work import ActivityStatus, PlanItemKind, ReferralMessage, ServicePlanItem, Side
from .selectors_work import referral_side
from .services import notify, recipient_users

MAX_TEXT = 4000


def _text(value: str, field: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": MAX_TEXT}})
    return text


@transaction.atomic
def message_post(*, actor: User, referral_id: UUID, body: str) -> ReferralMessage:
    """A message in the referral's thread; the other side is notified (the notice names the referral only)."""
    referral, side = referral_side(actor=actor, referral_id=referral_id)
    if referral.status == ReferralStatus.REVOKED:
        raise ValidationError({"body": _("The referral was revoked: the thread is closed.")})
    message = ReferralMessage.objects.create(referral=referral, author=actor, side=side, body=_text(body, "body"))
    params = {"reference": referral.reference, "service": referral.service}
    if side == Side.SENDER:
        notify(users=recipient_users(referral.recipient_id), kind=NotificationKind.REFERRAL_MESSAGE, params=params,
               url=f"/referrals/incoming/{referral.public_id}/")
    else:
        notify(users=[referral.sent_by], kind=NotificationKind.REFERRAL_MESSAGE, params=params,
               url=f"/referrals/{referral.public_id}/")
    audit_record(actor=actor, action="referral.message", obj=message, case_id=referral.case_id,
                 details={"reference": referral.reference, "side": side})
    return message


def _recipient_referral(actor: User, referral_id: UUID):
    referral, side = referral_side(actor=actor, referral_id=referral_id)
    if side != Side.RECIPIENT:
        raise NotFound  # the referring side reads the plan; only the receiving organisation writes it
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE):
        raise ValidationError({"text": _("The service plan can be changed only while the referral is accepted "
                                         "or in service.")})
    return referral


@transaction.atomic
def plan_item_add(*, actor: User, referral_id: UUID, kind: str, text: str, status: str = "") -> ServicePlanItem:
    """A goal, an activity (planned unless said otherwise) or a note of the service plan."""
    referral = _recipient_referral(actor, referral_id)
    if kind not in PlanItemKind.values:
        raise ValidationError({"kind": _("Choose a value from the list.")})
    if kind == PlanItemKind.ACTIVITY:
        status = status or ActivityStatus.PLANNED
        if status not in ActivityStatus.values:
            raise ValidationError({"status": _("Choose a value from the list.")})
    else:
        status = ""
    item = ServicePlanItem.objects.create(referral=referral, kind=kind, text=_text(text, "text"), status=status,
                                          created_by=actor)
    audit_record(actor=actor, action="referral.plan_add", obj=item,
                 details={"reference": referral.reference, "kind": kind, "status": status})
    return item


@transaction.atomic
def plan_activity_set_status(*, actor: User, referral_id: UUID, item_id: UUID, status: str) -> ServicePlanItem:
    referral = _recipient_referral(actor, referral_id)
    item = referral.plan_items.filter(public_id=item_id, kind=PlanItemKind.ACTIVITY).first()
    if item is None:
        raise NotFound
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose a value from the list.")})
    old, item.status = item.status, status
    item.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="referral.plan_status", obj=item,
                 details={"reference": referral.reference, "old": old, "new": status})
    return item
