"""Writes of the proceedings: a defendant's procedural stage, charges, hearings, judgments with
reparation and appeals, protective measures. Each is atomic, validated and audited; only users who
edit the case write here (``_writable_case``), everyone else gets the same 404 as for a missing case.

A stage entered moves the case's coarse status forward when the lifecycle allows it (the stage's
``case_status``): the case list keeps telling the truth without the prosecutor doing it twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.services import audit_record
from enlace.cases.models import Case, CasePerson
from enlace.cases.services import case_status_change
from enlace.cases.vocabulary import STATUS_TRANSITIONS, CaseStatus
from enlace.core.errors import NotFound
from enlace.core.locking import update_versioned

from .models import (
    Appeal,
    Charge,
    DefendantStage,
    Hearing,
    Judgment,
    Offence,
    ProceduralStage,
    ProtectiveMeasure,
    Reparation,
)
from .services import _writable_case
from .services_elements import defendant_of
from .vocabulary_proceedings import (
    PROTECTED_PERSON_ROLES,
    VICTIM_ROLES,
    AppealKind,
    AppealOutcome,
    ChargeStatus,
    HearingKind,
    MeasureKind,
    MeasureStatus,
    Participation,
    Verdict,
)


def case_prosecutors(case: Case) -> QuerySet[User]:
    """The prosecutors of the case's team (the people a charge, a hearing or an alert belongs to)."""
    if case.team_id is None:
        return User.objects.none()
    return User.objects.filter(team_memberships__team_id=case.team_id, is_active=True,
                               memberships__role=Role.PROSECUTOR, memberships__is_active=True).distinct()


def _prosecutor(case: Case, actor, prosecutor_id: int | None):
    if prosecutor_id is None:
        return actor if Role.PROSECUTOR in actor.roles else None
    found = case_prosecutors(case).filter(pk=prosecutor_id).first()
    if found is None:
        raise ValidationError({"prosecutor": _("Choose a prosecutor of the case's team.")})
    return found


def _text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": limit}})
    return value


def _required(value: str, limit: int, field: str) -> str:
    value = _text(value, limit, field)
    if not value:
        raise ValidationError({field: _("This field is required.")})
    return value


def case_stages(case: Case) -> QuerySet[ProceduralStage]:
    return ProceduralStage.objects.filter(country=case.lead_institution.country)


def _advance_case(actor, case: Case, stage: ProceduralStage) -> None:
    order = CaseStatus.values
    forward = stage.case_status in order and case.status in order and \
        order.index(stage.case_status) > order.index(case.status)
    if forward and stage.case_status in STATUS_TRANSITIONS.get(case.status, ()):
        case_status_change(actor=actor, case=case, expected_version=case.version, to_status=stage.case_status,
                           note=stage.name)


@transaction.atomic
def stage_enter(*, actor, case_id: int, defendant_id: int, stage_id: int, started_on: dt.date,
                prosecutor_id: int | None = None) -> DefendantStage:
    """The defendant is now in this stage: the previous stage ends, the deadline follows from the time limit."""
    case = _writable_case(actor, case_id)
    defendant = defendant_of(case, defendant_id)
    stage = case_stages(case).filter(pk=stage_id).first()
    if stage is None:
        raise ValidationError({"stage": _("Choose a stage of this country's procedure.")})
    if started_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"started_on": _("A stage cannot start in the future.")})
    prosecutor = _prosecutor(case, actor, prosecutor_id)
    DefendantStage.objects.filter(defendant=defendant, ended_on__isnull=True).update(ended_on=started_on)
    deadline = started_on + dt.timedelta(days=stage.limit_days) if stage.limit_days else None
    entry = DefendantStage.objects.create(case=case, defendant=defendant, stage=stage, started_on=started_on,
                                          deadline_on=deadline, prosecutor=prosecutor, created_by=actor)
    _advance_case(actor, case, stage)
    audit_record(actor=actor, action="proceedings.stage", obj=entry, case_id=case.pk,
                 details={"defendant": defendant.pk, "stage": stage.code})
    return entry


@transaction.atomic
def charge_create(*, actor, case_id: int, defendant_id: int, offence_id: int, articles: str = "",
                  aggravations: Iterable[str] = (), charged_on: dt.date | None = None, stage_id: int | None = None,
                  status: str = ChargeStatus.PENDING, prosecutor_id: int | None = None) -> Charge:
    case = _writable_case(actor, case_id)
    defendant = defendant_of(case, defendant_id)
    offence = Offence.objects.filter(pk=offence_id, is_active=True).first()
    if offence is None:
        raise ValidationError({"offence": _("Unknown offence.")})
    aggravations = list(dict.fromkeys(aggravations))
    known = {a["key"] for a in offence.aggravations}
    if not set(aggravations) <= known:
        raise ValidationError({"aggravations": _("An aggravation that this offence does not define.")})
    stage = case_stages(case).filter(pk=stage_id).first() if stage_id else None
    if stage_id and stage is None:
        raise ValidationError({"stage": _("Choose a stage of this country's procedure.")})
    if status not in ChargeStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    charge = Charge.objects.create(
        case=case, defendant=defendant, offence=offence, articles=_text(articles, 200, "articles") or offence.article,
        aggravations=aggravations, charged_on=charged_on, stage=stage, status=status,
        prosecutor=_prosecutor(case, actor, prosecutor_id), created_by=actor)
    audit_record(actor=actor, action="proceedings.charge", obj=charge, case_id=case.pk,
                 details={"defendant": defendant.pk, "offence": offence.code, "status": status})
    return charge


@transaction.atomic
def charge_set_status(*, actor, charge_id: int, expected_version: int, status: str,
                      charged_on: dt.date | None = None) -> Charge:
    charge = Charge.objects.select_for_update().filter(pk=charge_id).first()
    if charge is None:
        raise NotFound
    case = _writable_case(actor, charge.case_id)
    if status not in ChargeStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    changes: dict[str, object] = {"status": status}
    if charged_on is not None:
        changes["charged_on"] = charged_on
    update_versioned(charge, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action="proceedings.charge.status", obj=charge, case_id=case.pk,
                 details={"status": status})
    return charge


def _person_of(case: Case, person_id: int | None, roles: Iterable[str], field: str) -> CasePerson | None:
    if person_id is None:
        return None
    found = CasePerson.objects.filter(case=case, pk=person_id, role__in=list(roles)).first()
    if found is None:
        raise ValidationError({field: _("Choose a victim or witness of this case.")})
    return found


@transaction.atomic
def hearing_create(*, actor, case_id: int, starts_at: dt.datetime, court: str, kind: str, judge: str = "",
                   attendees: str = "", defendant_ids: Iterable[int] = (), victim_id: int | None = None,
                   participation: Iterable[str] = (), prosecutor_id: int | None = None) -> Hearing:
    case = _writable_case(actor, case_id)
    if kind not in HearingKind.values:
        raise ValidationError({"kind": _("Unknown type of hearing.")})
    participation = list(dict.fromkeys(participation))
    if not set(participation) <= set(Participation.values):
        raise ValidationError({"participation": _("Unknown participation arrangement.")})
    defendants = [defendant_of(case, d) for d in set(defendant_ids)]
    hearing = Hearing.objects.create(
        case=case, starts_at=starts_at, court=_required(court, 200, "court"), kind=kind,
        judge=_text(judge, 160, "judge"), attendees=_text(attendees, 300, "attendees"),
        victim=_person_of(case, victim_id, PROTECTED_PERSON_ROLES, "victim"), participation=participation,
        prosecutor=_prosecutor(case, actor, prosecutor_id), created_by=actor)
    hearing.defendants.set(defendants)
    audit_record(actor=actor, action="proceedings.hearing", obj=hearing, case_id=case.pk,
                 details={"kind": kind, "participation": participation})
    return hearing


@transaction.atomic
def hearing_record(*, actor, hearing_id: int, expected_version: int, result: str,
                   next_on: dt.date | None = None) -> Hearing:
    """What happened at the hearing and when the next one is."""
    hearing = Hearing.objects.select_for_update().filter(pk=hearing_id).first()
    if hearing is None:
        raise NotFound
    case = _writable_case(actor, hearing.case_id)
    update_versioned(hearing, expected_version=expected_version,
                     changes={"result": _required(result, 4000, "result"), "next_on": next_on})
    audit_record(actor=actor, action="proceedings.hearing.result", obj=hearing, case_id=case.pk)
    return hearing


def _amount(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Enter a positive amount.")})
    return amount


@transaction.atomic
def judgment_create(*, actor, case_id: int, defendant_id: int, decided_on: dt.date, court: str, verdict: str,
                    sentence_years=None, fine=None, currency: str = "", charge_id: int | None = None,
                    reparations: Iterable[tuple[int, object, str]] = ()) -> Judgment:
    """A judgment for one defendant; ``reparations`` are (victim case-person id, amount, currency)."""
    case = _writable_case(actor, case_id)
    defendant = defendant_of(case, defendant_id)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Unknown verdict.")})
    years = _amount(sentence_years, "sentence_years")
    if verdict != Verdict.CONVICTED and (years or _amount(fine, "fine")):
        raise ValidationError({"verdict": _("Only a conviction carries a sentence or a fine.")})
    if years is not None and years > 100:
        raise ValidationError({"sentence_years": _("Enter a sentence of at most 100 years.")})
    charge = Charge.objects.filter(case=case, defendant=defendant, pk=charge_id).first() if charge_id else None
    if charge_id and charge is None:
        raise ValidationError({"charge": _("Choose a charge against this defendant.")})
    judgment = Judgment.objects.create(
        case=case, defendant=defendant, charge=charge, decided_on=decided_on, court=_required(court, 200, "court"),
        verdict=verdict, sentence_years=years, fine=_amount(fine, "fine"), currency=_text(currency, 3, "currency").upper(),
        created_by=actor)
    for victim_id, amount, cur in reparations:
        victim = _person_of(case, victim_id, VICTIM_ROLES, "reparations")
        value = _amount(amount, "reparations")
        if victim is None or value is None:
            raise ValidationError({"reparations": _("Each reparation needs a victim of this case and an amount.")})
        Reparation.objects.create(judgment=judgment, victim=victim, amount=value,
                                  currency=_required(cur, 3, "reparations").upper())
    audit_record(actor=actor, action="proceedings.judgment", obj=judgment, case_id=case.pk,
                 details={"defendant": defendant.pk, "verdict": verdict})
    return judgment


@transaction.atomic
def appeal_add(*, actor, judgment_id: int, kind: str, filed_on: dt.date, filed_by: str,
               outcome: str = AppealOutcome.PENDING, decided_on: dt.date | None = None) -> Appeal:
    judgment = Judgment.objects.filter(pk=judgment_id).first()
    if judgment is None:
        raise NotFound
    case = _writable_case(actor, judgment.case_id)
    if kind not in AppealKind.values or outcome not in AppealOutcome.values:
        raise ValidationError({"kind": _("Unknown kind or outcome of appeal.")})
    if filed_on < judgment.decided_on:
        raise ValidationError({"filed_on": _("An appeal cannot be filed before the judgment.")})
    appeal = Appeal.objects.create(judgment=judgment, kind=kind, filed_on=filed_on,
                                   filed_by=_required(filed_by, 120, "filed_by"), outcome=outcome,
                                   decided_on=decided_on)
    audit_record(actor=actor, action="proceedings.appeal", obj=appeal, case_id=case.pk,
                 details={"kind": kind, "outcome": outcome})
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal_id: int, outcome: str, decided_on: dt.date) -> Appeal:
    """The court's answer to an appeal or a cassation, recorded once.

    Why once and without a version: an outcome is a fact of the court, not a text edited by turns;
    the row is locked and a decided appeal refuses a second outcome, so two colleagues recording
    it at the same time cannot overwrite each other.
    """
    appeal = Appeal.objects.select_for_update().select_related("judgment").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound
    case = _writable_case(actor, appeal.judgment.case_id)
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the outcome the court decided.")})
    if appeal.outcome != AppealOutcome.PENDING:
        raise ValidationError({"outcome": _("The outcome of this appeal was already recorded.")})
    if decided_on < appeal.filed_on:
        raise ValidationError({"decided_on": _("An appeal cannot be decided before it was filed.")})
    appeal.outcome, appeal.decided_on = outcome, decided_on
    appeal.save(update_fields=["outcome", "decided_on"])
    audit_record(actor=actor, action="proceedings.appeal.outcome", obj=appeal, case_id=case.pk,
                 details={"kind": appeal.kind, "outcome": outcome})
    return appeal


@transaction.atomic
def measure_create(*, actor, case_id: int, person_id: int, kind: str, ordered_by: str, starts_on: dt.date,
                   ends_on: dt.date | None = None, status: str = MeasureStatus.ACTIVE) -> ProtectiveMeasure:
    case = _writable_case(actor, case_id)
    person = _person_of(case, person_id, PROTECTED_PERSON_ROLES, "person")
    if person is None:
        raise ValidationError({"person": _("Choose a victim or witness of this case.")})
    if kind not in MeasureKind.values or status not in MeasureStatus.values:
        raise ValidationError({"kind": _("Unknown kind or status of measure.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    measure = ProtectiveMeasure.objects.create(case=case, person=person, kind=kind, starts_on=starts_on,
                                               ordered_by=_required(ordered_by, 160, "ordered_by"), ends_on=ends_on,
                                               status=status, created_by=actor)
    audit_record(actor=actor, action="proceedings.measure", obj=measure, case_id=case.pk,
                 details={"kind": kind, "status": status})
    return measure
