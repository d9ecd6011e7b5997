"""The demo's cooperation: agreements (the EME's police-prosecution agreement, an NGO shelter MoU
with a consent condition, an expired one), liaisons at national and departmental level, and
information requests in every state, one of them escalated by the job that runs each morning.

``agreements`` runs before the cases (a sharing needs an agreement in force); ``populate`` after.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from enlace.accounts.models import User
from enlace.accounts.services import user_provision
from enlace.cases.models import Case
from enlace.cooperation import jobs
from enlace.cooperation.models import Agreement, InformationRequest, Liaison
from enlace.cooperation.services import AgreementInput, Flow, agreement_create, liaison_name
from enlace.cooperation.services_requests import (
    request_answer,
    request_create,
    request_move,
    request_withdraw,
)

from . import tables
from .workspace import Workspace

BASE = ["case_summary", "persons", "evidence", "statistics"]
# Which agreement each demo sharing rests on (``workspace.json`` sharings).
SHARING_AGREEMENTS = {"transnational": "convenio-eme-digemig-2024", "forced_labour": "convenio-eme-mintrabajo-2023",
                      "victim_services": "mou-warmi-2024"}

AGREEMENTS: list[tuple[str, str, str, str, list[tuple[str, str, list[str]]], dict[str, Any]]] = [
    # code, title, kind, purpose, (provider codes, recipient codes, categories)..., options
    ("convenio-eme-policia-fiscalia", "Convenio interinstitucional Policía–Fiscalía (EME)", "inter_institutional",
     "Creación de los Equipos Multidisciplinarios Especializados: enlaces nacionales y departamentales, "
     "planes operativos conjuntos y comité de seguimiento y evaluación.",
     [("policia", "fiscalia", BASE + ["identities"]), ("fiscalia", "policia", BASE + ["identities"])],
     {"in_force_from": -900, "review_on": 60, "answer_days": 10}),
    ("convenio-eme-digemig-2024", "Convenio EME–DIGEMIG 2024", "inter_institutional",
     "Verificación de flujos migratorios y alertas en puestos fronterizos.",
     [(lead, "digemig", ["case_summary", "persons", "evidence"]) for lead in ("policia", "fiscalia")]
     + [("digemig", lead, ["case_summary", "persons", "evidence", "statistics"]) for lead in ("policia", "fiscalia")],
     {"in_force_from": -600, "expires_on": 45, "answer_days": 7}),
    ("convenio-eme-mintrabajo-2023", "Convenio EME–Ministerio de Trabajo 2023", "inter_institutional",
     "Coordinación de inspecciones laborales en rubros de riesgo.",
     [(lead, "mintrabajo", ["case_summary"]) for lead in ("policia", "fiscalia")]
     + [("mintrabajo", lead, ["case_summary", "evidence", "statistics"]) for lead in ("policia", "fiscalia")],
     {"in_force_from": -1000, "expires_on": 400}),
    ("mou-warmi-2024", "MoU Fundación Warmi 2024 (acogida de víctimas)", "mou",
     "Acogida y atención psicosocial de víctimas; se comparte lo necesario para su protección, con su consentimiento.",
     [(lead, "ong-albergue", ["case_summary", "persons"]) for lead in ("policia", "fiscalia")]
     + [("ong-albergue", lead, ["case_summary", "statistics"]) for lead in ("policia", "fiscalia")],
     {"in_force_from": -500, "expires_on": 230, "consent_required": True}),
    ("mou-oim-2021", "MoU OIM 2021 (retorno asistido)", "mou",
     "Retorno voluntario asistido y reintegración; estadísticas agregadas.",
     [("policia", "oim", ["statistics"]), ("oim", "policia", ["statistics"])],
     {"in_force_from": -1800, "expires_on": -30, "status": "expired"}),
]

LIAISONS = [  # username, name, institution, unit, department (blank: national)
    ("enlace.policia", ("Rodrigo", "Mendoza Flores"), "policia", "", ""),
    ("enlace.policia.lpz", ("Silvia", "Choque Ticona"), "policia", "police-lpz", "BO-L"),
    ("enlace.fiscalia", ("Ernesto", "Aguilar Paz"), "fiscalia", "", ""),
    ("punto.focal.digemig", None, "digemig", "", ""),
    ("enlace.digemig.lpz", ("Verónica", "Huanca Limachi"), "digemig", "digemig-desaguadero", "BO-L"),
    ("enlace.mintrabajo", ("Óscar", "Rivero Saavedra"), "mintrabajo", "", ""),
]


def _day(today: dt.date, offset: int | None) -> dt.date | None:
    return today + dt.timedelta(days=offset) if offset is not None else None


def agreements(ws: Workspace, today: dt.date) -> None:
    """The agreements and their liaisons (before the cases, whose sharings rest on them)."""
    if Agreement.objects.exists():
        return
    inst = ws.institutions
    for code, title, kind, purpose, flows, opts in AGREEMENTS:
        parties = sorted({inst[p] for f in flows for p in f[:2]}, key=lambda i: i.pk)
        agreement_create(actor=None, data=AgreementInput(
            code=code, title=title, kind=kind, purpose=purpose, parties=parties,
            flows=[Flow(provider=inst[a], recipient=inst[b], categories=c) for a, b, c in flows],
            consent_required=bool(opts.get("consent_required")), status=str(opts.get("status", "in_force")),
            in_force_from=_day(today, opts.get("in_force_from")), signed_on=_day(today, opts.get("in_force_from")),
            expires_on=_day(today, opts.get("expires_on")), review_on=_day(today, opts.get("review_on")),
            answer_days=int(opts.get("answer_days", 15))))
    password = tables.workspace()["password"]
    for username, names, code, unit, department in LIAISONS:
        user = User.objects.filter(username=username).first()
        if user is None and names is not None:
            user = user_provision(reason="demo", username=username, password=password, institution=inst[code],
                                  role="liaison", unit=ws.units.get(unit), first_name=names[0], last_name=names[1],
                                  email=f"{username}@demo.enlace.invalid")
        if user is not None:
            ws.users[username] = user
            liaison_name(actor=None, user=user, institution=inst[code], subdivision=department)


def agreement_ids_by_sharing() -> dict[str, int]:
    ids = dict(Agreement.objects.filter(code__in=SHARING_AGREEMENTS.values()).values_list("code", "pk"))
    return {key: ids[code] for key, code in SHARING_AGREEMENTS.items() if code in ids}


def populate(*, users: dict[str, User], today: dt.date) -> dict[str, int]:
    """Requests in every state between the police, the prosecution and migration."""
    if InformationRequest.objects.exists() or not Liaison.objects.exists():
        return {}
    inv, fiscal = users["investigador.lpz"], users["fiscal.lpz"]
    digemig, police = Agreement.objects.get(code="convenio-eme-digemig-2024"), Agreement.objects.get(
        code="convenio-eme-policia-fiscalia")
    case = Case.objects.filter(team__memberships__user=inv, lead_institution__code="policia").order_by("pk").first()
    to_migration = digemig.parties.get(code="digemig")
    to_police = police.parties.get(code="policia")

    def ask(actor: User, institution, agreement, question: str, **kw) -> InformationRequest:  # type: ignore[no-untyped-def]
        return request_create(actor=actor, institution=institution, agreement=agreement, category=kw.pop("category", "persons"),
                              question=question, reason=kw.pop("reason", "Investigación en curso por trata de personas."),
                              case=case if actor.pk == inv.pk else None, **kw)

    sent = ask(inv, to_migration, digemig, "Movimientos migratorios de la víctima V-LPZ (pseudónimo) en Desaguadero, 2025.")
    ack = ask(inv, to_migration, digemig, "Registros de salida de menores con autorización notarial en Desaguadero.")
    request_move(actor=ack.assigned_to, req=ack, expected_version=ack.version, status="acknowledged")  # type: ignore[arg-type]
    work = ask(inv, to_migration, digemig, "Alertas migratorias vigentes sobre el vehículo del caso.", urgency="urgent")
    request_move(actor=work.assigned_to, req=work, expected_version=work.version, status="in_progress")  # type: ignore[arg-type]
    done = ask(inv, to_migration, digemig, "Fechas de ingreso de las tres víctimas al país.")
    request_answer(actor=done.assigned_to, req=done, expected_version=done.version,  # type: ignore[arg-type]
                   answer="Ingresos registrados el 3, 5 y 9 de marzo por Desaguadero; copia de los registros adjunta.")
    part = ask(inv, to_migration, digemig, "Listado de pasajeros de dos buses interdepartamentales.", category="evidence")
    request_answer(actor=part.assigned_to, req=part, expected_version=part.version, partly=True,  # type: ignore[arg-type]
                   answer="Se remite el listado de un bus; el otro operador no registró pasajeros.")
    refused = ask(inv, to_migration, digemig, "Historial migratorio completo de un tercero sin relación con el caso.")
    request_move(actor=refused.assigned_to, req=refused, expected_version=refused.version,  # type: ignore[arg-type]
                 status="refused", note="Fuera de la finalidad del convenio (limitación de propósito).")
    gone = ask(inv, to_migration, digemig, "Consulta duplicada.")
    request_withdraw(actor=inv, req=gone, expected_version=gone.version, note="Duplicada.")
    late = ask(fiscal, to_police, police, "Informe de la intervención en el taller textil de El Alto.",
               category="case_summary", subdivision="BO-L")
    InformationRequest.objects.filter(pk__in=[late.pk, sent.pk]).update(due_on=today - dt.timedelta(days=3))
    escalated = jobs.escalate_overdue(today=today)
    return {"requests": InformationRequest.objects.count(), **escalated}
