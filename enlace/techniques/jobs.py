"""Alerts of the special techniques compartment, run by the job worker (``enlace worker``).

Registered in ``TechniquesConfig.ready`` (every 30 minutes). Each alert goes to the users named
on the authorisation who still fully see its case, once (``AuthorisationAlert`` remembers it), so
a job delivered twice sends nothing twice. Notifications carry ids and dates only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.cases.access import has_full_access
from enlace.referrals.services import notify

from .models import Authorisation, AuthorisationAlert
from .vocabulary import AlertKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EXPIRY_ALERT_DAYS = 3  # an expiry or a report to the judge: alerted this many days before
CONFIRMATION_ALERT_HOURS = 24  # an emergency confirmation deadline: alerted this many hours before

NOTIFICATION_KINDS: dict[str, tuple[str, StrOrPromise]] = {
    # The case by the reference people use (older notices, with only its number, read "#12").
    AlertKind.EXPIRY: ("technique_expiry", _("A special technique authorisation of case %(case)s expires on "
                                             "%(date)s: renew it or let it end.")),
    AlertKind.CONFIRMATION: ("technique_confirmation", _(
        "An emergency authorisation of case %(case)s must be confirmed by the judge by %(date)s.")),
    AlertKind.REPORT: ("technique_report", _("The report to the judge on an authorisation of case %(case)s is "
                                             "due on %(date)s.")),
}


def _due(now: dt.datetime) -> list[tuple[Authorisation, str, dt.date, str]]:
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=EXPIRY_ALERT_DAYS)
    rows: list[tuple[Authorisation, str, dt.date, str]] = []
    expiring = (Authorisation.objects.filter(expires_on__gte=today, expires_on__lte=horizon, renewals__isnull=True)
                .exclude(emergency=True, confirmed_at__isnull=True))
    rows += [(a, AlertKind.EXPIRY, a.expires_on, a.expires_on.isoformat()) for a in expiring]
    confirming = Authorisation.objects.filter(emergency=True, confirmed_at__isnull=True, confirm_by__gte=now,
                                              confirm_by__lte=now + dt.timedelta(hours=CONFIRMATION_ALERT_HOURS))
    for a in confirming:
        assert a.confirm_by is not None  # the query filtered on it
        local = timezone.localtime(a.confirm_by)
        rows.append((a, AlertKind.CONFIRMATION, local.date(), local.strftime("%Y-%m-%d %H:%M")))
    reporting = Authorisation.objects.filter(report_due_on__gte=today, report_due_on__lte=horizon)
    rows += [(a, AlertKind.REPORT, a.report_due_on, a.report_due_on.isoformat()) for a in reporting if a.report_due_on]
    return rows


def technique_alerts(now: dt.datetime | None = None) -> int:
    """Send the alerts now due; returns how many notifications were created."""
    now = now or timezone.now()
    sent = 0
    for auth, kind, due, shown in _due(now):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    AuthorisationAlert.objects.create(authorisation=auth, kind=kind, due=due)
            except IntegrityError:  # already sent (an earlier run, or a job delivered twice)
                continue
            users = [u for u in auth.members.filter(is_active=True) if has_full_access(u, auth.case)]
            code, _text = NOTIFICATION_KINDS[kind]
            rows = notify(users=users, kind=code, url=reverse("techniques:detail", args=[auth.public_id]),
                          params={"authorisation_id": auth.pk, "case_id": auth.case_id,
                                  "case": auth.case.reference_label(), "date": shown})
            sent += len(rows)
    return sent
