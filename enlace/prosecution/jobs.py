"""Scheduled jobs of the prosecution app (registered in ``apps.py``, run by ``enlace worker``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace.audit.services import audit_record
from enlace.referrals.models import NotificationKind
from enlace.referrals.services import notify

from .models import DefendantStage
from .services_proceedings import case_prosecutors
from .vocabulary_proceedings import DEADLINE_ALERT_DAYS


def _recipients(entry: DefendantStage) -> list:
    if entry.prosecutor is not None and entry.prosecutor.is_active:
        return [entry.prosecutor]
    return list(case_prosecutors(entry.case))


@transaction.atomic
def deadline_alerts(*, today: dt.date | None = None) -> dict[str, int]:
    """Alert the prosecutor of each open stage whose time limit runs out within DEADLINE_ALERT_DAYS.

    Once per stage (``alerted_at``), so a retried or repeated run sends nothing twice. The
    notification holds the case id, the stage's name, the date and the defendant's pseudonym only.
    """
    today = today or timezone.localdate()
    due = (DefendantStage.objects.select_for_update(of=("self",))
           .filter(ended_on__isnull=True, alerted_at__isnull=True, deadline_on__isnull=False,
                   deadline_on__lte=today + dt.timedelta(days=DEADLINE_ALERT_DAYS))
           .select_related("stage", "case", "prosecutor", "defendant__person"))
    sent = 0
    now = timezone.now()
    for entry in due:
        assert entry.deadline_on is not None  # filtered above
        params = {"case_id": entry.case_id, "case": entry.case.reference_label(), "stage": entry.stage.name,
                  "deadline": entry.deadline_on.isoformat(), "defendant": entry.defendant.person.pseudonym}
        rows = notify(users=_recipients(entry), kind=NotificationKind.STAGE_DEADLINE, params=params,
                      url=reverse("prosecution:proceedings", args=[entry.case.public_id]))
        DefendantStage.objects.filter(pk=entry.pk).update(alerted_at=now)
        audit_record(actor=None, action="proceedings.deadline_alert", obj=entry, case_id=entry.case_id,
                     details={"recipients": len(rows), "deadline": params["deadline"]})
        sent += len(rows)
    return {"alerts": sent}
