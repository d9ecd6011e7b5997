"""Demo proceedings: cases at several procedural stages, an elements matrix with a gap, hearings
past and upcoming with the victim's participation arrangements, judgments with a sentence,
reparation and an appeal, one acquittal, protective measures. Written through the services, so
it is audited like real work; the case's own prosecutor records it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from enlace.cases.models import Case, CasePerson
from enlace.prosecution.models import Charge, EvidenceItem, Offence, ProceduralStage
from enlace.prosecution.reference import ensure_loaded
from enlace.prosecution.selectors_elements import has_child_victim
from enlace.prosecution.services_elements import element_update, matrix_open
from enlace.prosecution.services_proceedings import (
    appeal_add,
    case_prosecutors,
    charge_create,
    hearing_create,
    hearing_record,
    judgment_create,
    measure_create,
    stage_enter,
)

COURT = "Tribunal 3.º de Sentencia Penal de La Paz"
JUDGE_COURT = "Juzgado 9.º de Instrucción Cautelar de La Paz"


@dataclass
class DemoCase:
    case: Case
    prosecutor: object
    defendant: CasePerson
    victim: CasePerson


def _pick(cases: list[Case]) -> list[DemoCase]:
    found = []
    for case in cases:
        prosecutor = case_prosecutors(case).first()
        persons = list(CasePerson.objects.filter(case=case).order_by("id"))
        defendant = next((p for p in persons if p.role in ("suspect", "defendant")), None)
        victim = next((p for p in persons if p.role in ("victim", "presumed_victim")), None)
        if prosecutor is not None and defendant is not None and victim is not None:
            found.append(DemoCase(case, prosecutor, defendant, victim))
    # First a case with an adult victim (so the means element is required) and, if any, evidence.
    found.sort(key=lambda d: (has_child_victim(d.case), not EvidenceItem.objects.filter(case=d.case).exists()))
    return found[:4]


def _stages(d: DemoCase, codes_days: list[tuple[str, int]], today: dt.date) -> None:
    for code, days_ago in codes_days:
        stage = ProceduralStage.objects.get(country="BO", code=code)
        stage_enter(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, stage_id=stage.pk,
                    started_on=today - dt.timedelta(days=days_ago))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _investigation(d: DemoCase, offence: Offence, today: dt.date) -> None:
    """Preliminary investigation near its time limit; a matrix with act and purpose proven, means a gap."""
    _stages(d, [("denuncia", 30), ("investigacion_preliminar", 16)], today)
    charge_create(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, offence_id=offence.pk,
                  articles="Art. 281 bis CP", aggravations=["organised_group"])
    rows = {r.element: r for r in matrix_open(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk,
                                              offence_id=offence.pk)}
    items = list(EvidenceItem.objects.filter(case=d.case).order_by("exhibit_number"))
    for key, status, note in (("act", "established", "Oferta de empleo y pasajes pagados por el reclutador"),
                              ("purpose", "supported", "Planillas: jornadas de 14 horas sin pago")):
        row = rows[key]
        element_update(actor=d.prosecutor, link_id=row.pk, expected_version=row.version, status=status, note=note,
                       evidence_ids=[i.pk for i in items[:2]], testimony_ids=[d.victim.pk])
    hearing_create(actor=d.prosecutor, case_id=d.case.public_id, starts_at=_at(today + dt.timedelta(days=2), 9),
                   court=JUDGE_COURT, kind="anticipated", judge="Juez 9.º de Instrucción", victim_id=d.victim.pk,
                   participation=["gesell", "anticipated"], defendant_ids=[d.defendant.pk],
                   attendees="Fiscal, defensa, psicóloga del SEPDAVI")
    measure_create(actor=d.prosecutor, case_id=d.case.public_id, person_id=d.victim.pk, kind="identity",
                   ordered_by=JUDGE_COURT, starts_on=today - dt.timedelta(days=10))


def _trial(d: DemoCase, offence: Offence, today: dt.date) -> None:
    _stages(d, [("imputacion_formal", 200), ("investigacion", 199), ("acusacion", 20), ("juicio_oral", 5)], today)
    charge = charge_create(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, offence_id=offence.pk,
                           articles="Art. 281 bis CP", charged_on=today - dt.timedelta(days=20), status="filed",
                           stage_id=ProceduralStage.objects.get(country="BO", code="acusacion").pk)
    past = hearing_create(actor=d.prosecutor, case_id=d.case.public_id, starts_at=_at(today - dt.timedelta(days=5), 10),
                          court=COURT, kind="trial", judge="Tribunal colegiado", defendant_ids=[d.defendant.pk],
                          victim_id=d.victim.pk, participation=["screens", "video"])
    hearing_record(actor=d.prosecutor, hearing_id=past.pk, expected_version=past.version,
                   result="Instalación del juicio; declaración de la víctima por videoconferencia, con biombo.",
                   next_on=today + dt.timedelta(days=4))
    hearing_create(actor=d.prosecutor, case_id=d.case.public_id, starts_at=_at(today + dt.timedelta(days=4), 14),
                   court=COURT, kind="trial", defendant_ids=[d.defendant.pk])
    measure_create(actor=d.prosecutor, case_id=d.case.public_id, person_id=d.victim.pk, kind="shelter",
                   ordered_by=COURT, starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=90))
    assert charge.pk


def _judgment(d: DemoCase, offence: Offence, today: dt.date, *, convicted: bool) -> None:
    _stages(d, [("acusacion", 300), ("juicio_oral", 120), ("sentencia", 40)], today)
    charge = charge_create(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, offence_id=offence.pk,
                           articles="Art. 281 bis CP", charged_on=today - dt.timedelta(days=300), status="filed")
    if convicted:
        judgment = judgment_create(
            actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, charge_id=charge.pk,
            decided_on=today - dt.timedelta(days=40), court=COURT, verdict="convicted", sentence_years="12",
            fine="10000", currency="BOB", reparations=[(d.victim.pk, "35000", "BOB")])
        appeal_add(actor=d.prosecutor, judgment_id=judgment.pk, kind="appeal",
                   filed_on=today - dt.timedelta(days=35), filed_by="Defensa del imputado")
        _stages(d, [("apelacion", 35)], today)
    else:
        judgment_create(actor=d.prosecutor, case_id=d.case.public_id, defendant_id=d.defendant.pk, charge_id=charge.pk,
                        decided_on=today - dt.timedelta(days=40), court=COURT, verdict="acquitted")


def populate(*, cases: list[Case]) -> dict:
    if Charge.objects.exists():
        return {"cases": 0}
    ensure_loaded()
    offence = Offence.objects.filter(code="BO-CP-281bis").order_by("-version").first()
    if offence is None:
        return {"cases": 0}
    today = timezone.localdate()
    picked = _pick(cases)
    steps = [lambda d: _investigation(d, offence, today), lambda d: _trial(d, offence, today),
             lambda d: _judgment(d, offence, today, convicted=True),
             lambda d: _judgment(d, offence, today, convicted=False)]
    for d, step in zip(picked, steps, strict=False):
        step(d)
    return {"cases": min(len(picked), len(steps))}
