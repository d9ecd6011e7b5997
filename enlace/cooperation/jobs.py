"""Scheduled work (``enlace worker``): agreements that lapse end their sharings; overdue requests
escalate to the national liaison; requests due soon are recalled to their liaison. Each job is
idempotent: a second run (a retry) changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from enlace.audit.services import audit_record
from enlace.cases.models import CaseSharing

from .hit_requests import escalate_hit_requests
from .models import Agreement, InformationRequest, Liaison, RequestEvent
from .policy import in_force_q
from .routing import national_liaison
from .services_requests import notify
from .vocabulary import OPEN_REQUEST_STATUSES, AgreementStatus, NoticeKind

REMIND_DAYS = 2


def _party_liaisons(agreement: Agreement) -> list:
    posts = Liaison.objects.filter(institution__in=agreement.parties.all(), is_active=True).select_related("user")
    return [p.user for p in posts] + list(agreement.liaisons.all())


@transaction.atomic
def end_lapsed_sharings(*, today: dt.date | None = None) -> dict[str, int]:
    """Mark agreements past their expiry as expired, end the sharings of every agreement not in
    force, audit each end and tell the parties' liaisons."""
    today = today or timezone.localdate()
    expired = list(Agreement.objects.filter(status=AgreementStatus.IN_FORCE, expires_on__lt=today))
    for agreement in expired:
        audit_record(actor_label="(scheduler)", action="cooperation.agreement_status", obj=agreement,
                     details={"code": agreement.code, "from": agreement.status, "to": AgreementStatus.EXPIRED})
    Agreement.objects.filter(pk__in=[a.pk for a in expired]).update(status=AgreementStatus.EXPIRED)
    lapsed = {a.pk: a for a in Agreement.objects.exclude(in_force_q())}
    sharings = list(CaseSharing.objects.select_for_update().filter(is_active=True, agreement_id__in=list(lapsed))
                    .select_related("institution"))
    for sharing in sharings:
        sharing.is_active = False
        sharing.save(update_fields=["is_active"])
        audit_record(actor_label="(scheduler)", action="permission.case_unshare", object_type="cases.case",
                     object_id=sharing.case_id, case_id=sharing.case_id,
                     details={"sharing": sharing.pk, "institution": sharing.institution.code,
                              "agreement": lapsed[sharing.agreement_id or 0].code, "agreement_lapsed": True})
    told = 0
    for agreement_id in {s.agreement_id for s in sharings}:
        agreement = lapsed[agreement_id or 0]
        told += notify(_party_liaisons(agreement), NoticeKind.AGREEMENT_LAPSED, agreement=agreement)
    return {"agreements_expired": len(expired), "sharings_ended": len(sharings), "notified": told}


@transaction.atomic
def escalate_overdue(*, today: dt.date | None = None) -> dict[str, int]:
    """An open request past its due date goes to the national liaison of the asked institution."""
    today = today or timezone.localdate()
    overdue = (InformationRequest.objects.select_for_update()
               .filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today, escalated_at__isnull=True)
               .select_related("institution"))
    escalated = 0
    for req in overdue:
        national = national_liaison(req.institution)
        InformationRequest.objects.filter(pk=req.pk).update(escalated_at=timezone.now(),
                                                            assigned_to=national or req.assigned_to)
        RequestEvent.objects.create(request=req, status="", note="escalated", actor=None)
        notify([national, req.assigned_to], NoticeKind.REQUEST_ESCALATED, request=req)
        audit_record(actor_label="(scheduler)", action="cooperation.request_escalate", obj=req, case_id=req.case_id,
                     details={"reference": req.reference, "to": national.username if national else ""})
        escalated += 1
    return {"escalated": escalated}


@transaction.atomic
def remind_due(*, today: dt.date | None = None) -> dict[str, int]:
    """Recall open requests due within two days to their liaison, once a day."""
    today = today or timezone.localdate()
    due = InformationRequest.objects.filter(
        status__in=OPEN_REQUEST_STATUSES, due_on__lte=today + dt.timedelta(days=REMIND_DAYS), due_on__gte=today
    ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
    reminded = 0
    for req in due.select_related("assigned_to"):
        reminded += notify([req.assigned_to], NoticeKind.REQUEST_REMINDER, request=req)
    due.update(reminded_on=today)
    return {"reminded": reminded}


def agreements_lapse() -> dict[str, int]:
    return end_lapsed_sharings()


def requests_escalate() -> dict[str, int]:
    result = escalate_overdue()
    result.update(remind_due())
    result.update(escalate_hit_requests())
    return result
