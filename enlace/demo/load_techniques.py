"""Demo special techniques: in the first case worked by a police investigator and a prosecutor,
an interception authorised two months ago, renewed once, whose renewal expires in two days
(the job worker alerts the two named members). Nobody else in the team is named on it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enlace.accounts.models import User
from enlace.cases.models import Case
from enlace.techniques.models import Authorisation
from enlace.techniques.services import authorisation_create, authorisation_renew


def _named_pair(cases: list[Case]) -> tuple[Case, User, User] | None:
    """A case whose team has a case editor of the police and one of the prosecution service."""
    for case in cases:
        if case.team is None:
            continue
        editors = [u for u in case.team.members.order_by("username") if u.can_create_cases]
        prosecutors = [u for u in editors if "prosecutor" in u.roles]
        others = [u for u in editors if u not in prosecutors]
        if prosecutors and others:
            return case, others[0], prosecutors[0]
    return None


def populate(*, cases: list[Case]) -> dict[str, int]:
    if Authorisation.objects.exists():
        return {"authorisations": 0}
    found = _named_pair(cases)
    if found is None:
        return {"authorisations": 0}
    case, investigator, prosecutor = found
    today = timezone.localdate()
    suspects = [cp.pk for cp in case.case_persons.filter(role="suspect").order_by("id")[:1]]
    first = authorisation_create(
        actor=prosecutor, case_id=case.public_id, kind="interception", reference="AUT-INT-2026-041",
        legal_basis="Código de Procedimiento Penal art. 284; Ley 263 art. 44", authority="Juzgado de Instrucción Penal 4",
        judge="Juez de Instrucción Penal 4.º", scope="Línea telefónica del reclutador: llamadas y mensajes",
        starts_on=today - dt.timedelta(days=60), expires_on=today - dt.timedelta(days=31),
        report_due_on=today - dt.timedelta(days=30), product_custody="FELCC La Paz, sala de evidencias digitales",
        destroy_product_on=today + dt.timedelta(days=365), member_ids=[investigator.pk],
        target_person_ids=suspects, target_pseudonyms=["EL TÍO"])
    authorisation_renew(actor=prosecutor, authorisation_id=first.public_id, expires_on=today + dt.timedelta(days=2),
                        judge="Juez de Instrucción Penal 4.º", reference="AUT-INT-2026-041-R1",
                        report_due_on=today + dt.timedelta(days=3))
    return {"authorisations": 2}
