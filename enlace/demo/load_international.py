"""The demo's joint and international work: the EME's joint operational plan with milestones met,
missed and pending; an operation across La Paz, Cochabamba and Peru (assessment done, results in
counts); an MLA request to Argentina with its timeline; a yellow notice for a missing child (the
subject by pseudonym); a Bolivia–Chile joint investigation team, extended once.

Runs after ``load_cooperation.populate`` (the agreements and liaisons exist)."""

from __future__ import annotations

import datetime as dt

from enlace.accounts.models import Institution, Unit, User
from enlace.cases.models import Case, CasePerson
from enlace.cooperation.models import Agreement, JointPlan
from enlace.cooperation.services_intl import (
    JitInput,
    MlaInput,
    PartyInput,
    jit_create,
    jit_extend,
    mla_create,
    mla_move,
    notice_create,
)
from enlace.cooperation.services_plans import (
    milestone_add,
    milestone_set,
    objective_add,
    operation_create,
    operation_link_case,
    operation_update,
    plan_create,
    progress_add,
)


def _plan(sup: User, inv: User, fiscal: User, eme: Agreement, today: dt.date) -> JointPlan:
    police, fiscalia = Institution.objects.get(code="policia"), Institution.objects.get(code="fiscalia")
    plan = plan_create(actor=sup, code=f"POC-EME-{today.year}", title="Plan operativo conjunto EME La Paz",
                       institutions=[police, fiscalia], agreement=eme, starts_on=today - dt.timedelta(days=120),
                       ends_on=today + dt.timedelta(days=245))
    rescue = objective_add(actor=sup, plan=plan, text="Identificar y rescatar víctimas en talleres textiles de El Alto",
                           institution=police, responsible=inv, activities="Inspecciones conjuntas con el Ministerio "
                                                                           "de Trabajo; entrevistas en cámara Gesell.")
    objective_add(actor=sup, plan=plan, text="Imputar en plazo a los responsables identificados",
                  institution=fiscalia, responsible=fiscal)
    for title, offset, status in (("Capacitación conjunta en entrevista a víctimas", -90, "met"),
                                  ("Mapa de riesgo de talleres en El Alto", -40, "met"),
                                  ("Inspecciones en 20 talleres", -10, "missed"),
                                  ("Informe semestral al comité", 7, "")):
        m = milestone_add(actor=sup, plan=plan, title=title, due_on=today + dt.timedelta(days=offset),
                          objective=rescue, responsible=inv)
        if status:
            milestone_set(actor=sup, milestone=m, status=status, done_on=today + dt.timedelta(days=min(offset, 0)))
    progress_add(actor=sup, plan=plan, text="Se inspeccionaron 12 de 20 talleres; faltan inspectores de trabajo.")
    return plan


def populate(*, users: dict[str, User], today: dt.date) -> dict[str, int]:
    if JointPlan.objects.exists() or "supervisor.lpz" not in users:
        return {}
    sup, inv, fiscal = users["supervisor.lpz"], users["investigador.lpz"], users["fiscal.lpz"]
    eme = Agreement.objects.get(code="convenio-eme-policia-fiscalia")
    plan = _plan(sup, inv, fiscal, eme, today)
    police = Institution.objects.get(code="policia")
    op = operation_create(actor=sup, code=f"OP-ANDES-{today.year}", name="Operación Andes (La Paz, Cochabamba, Perú)",
                          institutions=[police, Institution.objects.get(code="fiscalia")], countries=["BO", "PE"],
                          units=list(Unit.objects.filter(institution=police, subdivision__in=["BO-L", "BO-C"])),
                          starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30), plan=plan)
    operation_update(actor=sup, operation=op, expected_version=op.version, phase="operation", persons_rescued=14,
                     persons_arrested=5, places_inspected=23)
    case = Case.objects.filter(team__memberships__user=inv, lead_institution=police).order_by("pk").first()
    if case is None:
        return {"plans": 1, "operations": 1}
    operation_link_case(actor=inv, operation=op, case=case)
    mla = mla_create(actor=fiscal, data=MlaInput(
        direction="outgoing", counterpart_country="AR", requesting_authority="Fiscalía General del Estado, Bolivia",
        requested_authority="Procuración General de la Nación, Argentina",
        central_authority="Ministerio de Relaciones Exteriores (autoridad central)", legal_basis="untoc_18",
        assistance_type="evidence", facts="Captación en El Alto y explotación laboral en talleres de Buenos Aires.",
        law="Código Penal art. 281 bis (Ley 263).", assistance_sought="Declaración de dos testigos y registros "
        "de empleo del taller.", confidential=True, confidentiality_reasons="Riesgo para las víctimas.",
        translation="", deadline=today + dt.timedelta(days=3), cases=[case]))
    mla_move(actor=fiscal, mla=mla, expected_version=mla.version, status="sent", on=today - dt.timedelta(days=40))
    mla_move(actor=fiscal, mla=mla, expected_version=mla.version, status="acknowledged", on=today - dt.timedelta(20))
    child = CasePerson.objects.filter(case=case, role="victim").order_by("pk").first()
    notice_create(actor=inv, case=case, colour="yellow", ncb="OCN INTERPOL La Paz", subject=child,
                  purpose="Niña desaparecida; posible traslado a Perú.", requested_on=today - dt.timedelta(days=6))
    jit = jit_create(actor=fiscal, data=JitInput(
        title="ECI Bolivia–Chile (red de captación en Oruro)", legal_basis="untoc_19",
        purpose="Investigar la red que traslada víctimas de Oruro a Iquique.",
        applicable_law="La ley del Estado en cuyo territorio actúa el equipo.",
        evidence_terms="La prueba se comparte entre las partes; su uso fuera del caso requiere consentimiento.",
        starts_on=today - dt.timedelta(days=200), expires_on=today + dt.timedelta(days=10),
        parties=[PartyInput("BO", "Fiscalía General del Estado", "Fiscal Patricia Mamani Choque"),
                 PartyInput("CL", "Fiscalía Nacional de Chile", "Fiscal Andrés Soto Muñoz")],
        members=[("BO", "Ramiro Quispe Apaza", "investigador"), ("CL", "Camila Reyes", "analista PDI")],
        cases=[case]))
    jit_extend(actor=fiscal, jit=jit, expected_version=jit.version, new_expiry=jit.expires_on + dt.timedelta(days=180),
               agreed_on=today - dt.timedelta(days=2))
    return {"plans": 1, "operations": 1, "mla": 1, "notices": 1, "teams": 1}
