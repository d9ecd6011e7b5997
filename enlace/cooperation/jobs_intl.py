"""Daily deadlines of international and joint work (``enlace worker``): MLA requests due within
three days or overdue, plan milestones due within two days or overdue, joint investigation teams
expiring within two weeks. Each record is recalled at most once a day (a team once per expiry),
so a retry of the job changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Liaison
from .models_intl import JointInvestigationTeam, MlaRequest
from .models_plans import Milestone
from .services_requests import notify
from .vocabulary import NoticeKind
from .vocabulary_intl import MLA_CLOSED, MilestoneStatus, PlanStatus

MLA_DAYS = 3
MILESTONE_DAYS = 2
JIT_DAYS = 14


def _not_today(today: dt.date) -> Q:
    return Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)


def _national_liaisons(institution_id: int) -> list:
    return [p.user for p in Liaison.objects.filter(institution_id=institution_id, subdivision="", is_active=True)
            .select_related("user")]


@transaction.atomic
def international_deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    told = {"mla": 0, "milestones": 0, "jits": 0}
    mlas = (MlaRequest.objects.exclude(status__in=MLA_CLOSED)
            .filter(deadline__isnull=False, deadline__lte=today + dt.timedelta(days=MLA_DAYS)).filter(_not_today(today))
            .select_related("created_by"))
    for mla in mlas:
        told["mla"] += notify([mla.created_by, *_national_liaisons(mla.institution_id)], NoticeKind.MLA_DUE,
                              reference=mla.reference, path=reverse("cooperation:mla_detail", args=[mla.public_id]))
    mlas.update(reminded_on=today)
    milestones = (Milestone.objects.filter(status=MilestoneStatus.PENDING, plan__status=PlanStatus.ACTIVE,
                                           due_on__lte=today + dt.timedelta(days=MILESTONE_DAYS))
                  .filter(_not_today(today)).select_related("plan__created_by", "responsible"))
    for m in milestones:
        told["milestones"] += notify([m.responsible or m.plan.created_by], NoticeKind.MILESTONE_DUE,
                                     reference=m.plan.code, path=reverse("cooperation:plan_detail", args=[m.plan.public_id]))
    milestones.update(reminded_on=today)
    jits = (JointInvestigationTeam.objects.filter(reminded_on__isnull=True, expires_on__gte=today,
                                                  expires_on__lte=today + dt.timedelta(days=JIT_DAYS))
            .select_related("created_by"))
    for jit in jits:
        told["jits"] += notify([jit.created_by, *_national_liaisons(jit.institution_id)], NoticeKind.JIT_EXPIRING,
                               reference=jit.reference, path=reverse("cooperation:jit_detail", args=[jit.public_id]))
    jits.update(reminded_on=today)
    return told


def deadlines() -> dict[str, int]:
    return international_deadlines()
