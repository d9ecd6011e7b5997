"""Reads of the proceedings: a case's stages, charges, hearings, judgments and measures; the
prosecutor's home page and the supervisor's workload panel. Only cases the actor sees in full."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.reads import audit_read
from enlace.cases.access import visible_cases
from enlace.cases.models import Case
from enlace.core.errors import NotFound

from .models import (
    Appeal,
    Charge,
    DefendantStage,
    ElementLink,
    Hearing,
    Judgment,
    ProtectiveMeasure,
)
from .selectors import evidence_case
from .selectors_elements import Gap, gaps_of, matrix_groups
from .vocabulary_proceedings import DEADLINE_ALERT_DAYS, ChargeStatus

HOME_CASES = 50  # cases whose matrices the home page checks for gaps


@dataclass
class Proceedings:
    case: Case
    stages: list[DefendantStage]
    charges: list[Charge]
    hearings: list[Hearing]
    judgments: list[Judgment]
    measures: list[ProtectiveMeasure]

    @property
    def current_stages(self) -> list[DefendantStage]:
        return [s for s in self.stages if s.ended_on is None]


def case_proceedings(case: Case) -> Proceedings:
    """Everything of the proceedings of one case (the caller checked access); the related rows of
    hearings and judgments come as lists (``defendant_list``, ``reparation_list``, ``appeal_list``)."""
    p = Proceedings(
        case=case,
        stages=list(DefendantStage.objects.filter(case=case).select_related("stage", "defendant__person", "prosecutor")
                    .order_by("defendant_id", "started_on", "id")),
        charges=list(Charge.objects.filter(case=case).select_related("offence", "defendant__person", "stage",
                                                                     "prosecutor")),
        hearings=list(Hearing.objects.filter(case=case).select_related("victim__person", "prosecutor")
                      .prefetch_related("defendants__person")),
        judgments=list(Judgment.objects.filter(case=case).select_related("defendant__person", "charge__offence")
                       .prefetch_related("reparations__victim__person", "appeals")),
        measures=list(ProtectiveMeasure.objects.filter(case=case).select_related("person__person")),
    )
    for h in p.hearings:
        with_defendants(h)
    for j in p.judgments:
        with_outcomes(j)
    return p


def with_defendants(hearing: Hearing) -> Hearing:
    """The hearing with its defendants as a list (for a hearing read or written under access)."""
    hearing.defendant_list = list(hearing.defendants.all())
    return hearing


def with_outcomes(judgment: Judgment) -> Judgment:
    """The judgment with its reparations and appeals as lists (read or written under access)."""
    judgment.reparation_list = list(judgment.reparations.all())
    judgment.appeal_list = list(judgment.appeals.all())
    return judgment


def proceedings_get(*, actor, case_id: UUID) -> Proceedings:
    case = evidence_case(actor=actor, case_id=case_id)
    audit_read(actor=actor, action="proceedings.read", obj=case, case_id=case.pk, lead=True)
    return case_proceedings(case)


def _case_row(model, *, actor, **lookup: int | UUID):
    row = model.objects.select_related("case").filter(**lookup).first()
    if row is None:
        raise NotFound
    evidence_case(actor=actor, case_id=row.case.public_id)
    return row


def charge_get(*, actor, charge_id: int) -> Charge:
    return _case_row(Charge, actor=actor, pk=charge_id)


def hearing_get(*, actor, hearing_id: UUID) -> Hearing:
    return _case_row(Hearing, actor=actor, public_id=hearing_id)


def judgment_get(*, actor, judgment_id: int) -> Judgment:
    return _case_row(Judgment, actor=actor, pk=judgment_id)


def appeal_get(*, actor, appeal_id: int) -> Appeal:
    appeal = Appeal.objects.select_related("judgment").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound
    evidence_case(actor=actor, case_id=appeal.judgment.case.public_id)
    return appeal


def _my_cases(actor) -> QuerySet[Case]:
    """The cases of the actor's own work: full access and on a team or participant (not every supervised one)."""
    return visible_cases(actor, full_only=True)


def week_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    monday = today - dt.timedelta(days=today.weekday())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    return start, start + dt.timedelta(days=7)


def prosecutor_home(*, actor, today: dt.date | None = None) -> dict[str, Any]:
    """Hearings this week, deadlines running out, charges pending, cases by stage, gaps of the matrices."""
    today = today or timezone.localdate()
    case_ids = list(_my_cases(actor).values_list("pk", flat=True))
    start, end = week_bounds(today)
    hearings = (Hearing.objects.filter(case_id__in=case_ids, starts_at__gte=start, starts_at__lt=end)
                .select_related("case").order_by("starts_at"))
    open_stages = DefendantStage.objects.filter(case_id__in=case_ids, ended_on__isnull=True)
    deadlines = (open_stages.filter(deadline_on__isnull=False,
                                    deadline_on__lte=today + dt.timedelta(days=2 * DEADLINE_ALERT_DAYS))
                 .select_related("stage", "case", "defendant__person").order_by("deadline_on"))
    charges = (Charge.objects.filter(case_id__in=case_ids, status=ChargeStatus.PENDING)
               .select_related("case", "offence", "defendant__person").order_by("created_at"))
    by_stage = Counter(s.stage.name for s in open_stages.select_related("stage"))
    gaps: list[Gap] = []
    with_matrix = ElementLink.objects.filter(case_id__in=case_ids).values("case_id")
    for case in Case.objects.filter(pk__in=with_matrix).order_by("-updated_at")[:HOME_CASES]:
        gaps.extend(gaps_of(matrix_groups(case)))
    return {"hearings": list(hearings), "deadlines": list(deadlines), "charges": list(charges),
            "by_stage": sorted(by_stage.items()), "gaps": gaps, "today": today}


def unit_workload(actor) -> dict[str, Any] | None:
    """The supervisor's panel: per prosecutor of the supervised units' cases, open stages, pending
    charges, hearings ahead and deadlines within the alert window. None for anyone else."""
    if not actor.supervised_unit_ids:
        return None
    today = timezone.localdate()
    cases = Case.objects.filter(lead_unit_id__in=actor.supervised_unit_ids)
    stage_rows = DefendantStage.objects.filter(case__in=cases, ended_on__isnull=True).values_list(
        "prosecutor_id", "deadline_on")
    rows: dict[int | None, Counter] = {}
    for prosecutor_id, deadline in stage_rows:
        counter = rows.setdefault(prosecutor_id, Counter())
        counter["stages"] += 1
        if deadline is not None and deadline <= today + dt.timedelta(days=DEADLINE_ALERT_DAYS):
            counter["deadlines"] += 1
    for prosecutor_id in Charge.objects.filter(case__in=cases, status=ChargeStatus.PENDING).values_list(
            "prosecutor_id", flat=True):
        rows.setdefault(prosecutor_id, Counter())["charges"] += 1
    for prosecutor_id in Hearing.objects.filter(case__in=cases, starts_at__gte=timezone.now()).values_list(
            "prosecutor_id", flat=True):
        rows.setdefault(prosecutor_id, Counter())["hearings"] += 1
    if not rows:
        return None
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=[k for k in rows if k])}
    return {"rows": sorted(((names.get(k, "—") if k else "—", c) for k, c in rows.items()), key=lambda r: r[0])}


def is_prosecutor(user) -> bool:
    return user.is_authenticated and Role.PROSECUTOR in user.roles

