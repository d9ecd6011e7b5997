"""Demo evidence: a few items of the first case worked by two case editors, hand-overs between
them and to a laboratory (one still pending), a retention order, one digital item with a file and the
scanned record of the raid attached to a note.
Written through the services, so the demo's chain of custody is audited like a real one."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from enlace.cases.services import case_note_add

from .models import EvidenceItem, ExternalCustodian, StorageLocation
from .services import (
    custody_confirm,
    custody_dispose,
    custody_transfer,
    evidence_file_add,
    evidence_item_create,
)
from .services_attachments import attachment_add

MESSAGES = ("Extracción forense del teléfono del reclutador (resumen)\n"
            "2026-03-02 21:14 — oferta de empleo en taller de costura, sueldo 2.500 Bs\n"
            "2026-03-04 08:30 — instrucciones para el viaje a la frontera\n").encode()


RAID_REPORT = ("Acta de allanamiento (resumen)\n"
               "Taller de costura, zona 16 de Julio, El Alto. 14 trabajadores presentes, 3 menores de edad.\n"
               "Se secuestraron cuadernos de planillas y un teléfono móvil.\n").encode()


def _pair(cases):
    for case in cases:
        editors = [u for u in (case.team.members.all() if case.team_id else []) if u.can_create_cases]
        if len(editors) >= 2:
            return case, editors[0], editors[1]
    return None, None, None


def _locations() -> StorageLocation:
    building = StorageLocation.objects.create(name="FELCC La Paz, depósito de evidencias")
    shelf = StorageLocation.objects.create(name="Estante 3", parent=StorageLocation.objects.create(
        name="Sala 2", parent=building))
    return StorageLocation.objects.create(name="Caja 14", parent=shelf)


def populate(*, cases) -> dict:
    if EvidenceItem.objects.exists():
        return {"items": 0}
    case, first, second = _pair(cases)
    if case is None:
        return {"items": 0}
    box = _locations()
    lab = ExternalCustodian.objects.create(name="IDIF La Paz, laboratorio de informática forense", kind="laboratory")
    ExternalCustodian.objects.create(name="Tribunal de Sentencia 3.º de La Paz", kind="court")
    seized = timezone.now() - dt.timedelta(days=20)

    def item(number, kind, description, seal):
        return evidence_item_create(actor=first, case_id=case.pk, exhibit_number=number, kind=kind,
                                    description=description, seized_where="Taller, zona 16 de Julio, El Alto",
                                    seized_at=seized, seized_by="Sgto. FELCC", seal_number=seal,
                                    condition="Buen estado", location=box)

    ledger = item("EV-001", "documentary", "Cuaderno de planillas de sueldos y descuentos", "PREC-0451")
    phone = item("EV-002", "digital", "Teléfono móvil del reclutador", "PREC-0452")
    ids = item("EV-003", "documentary", "Documentos de identidad retenidos por el empleador", "PREC-0453")
    evidence_file_add(actor=first, item_id=phone.pk, name="extraccion-mensajes.txt", stream=io.BytesIO(MESSAGES))
    custody_transfer(actor=first, item_id=ledger.pk, to_user=second, reason="Para la acusación", seal_intact=True)
    custody_confirm(actor=second, item_id=ledger.pk, seal_intact=True, condition="Buen estado")
    custody_transfer(actor=first, item_id=phone.pk, to_external=lab, receipt_reference="IDIF-LP-2026-0311",
                     reason="Extracción forense", seal_intact=True)
    custody_dispose(actor=first, item_id=ids.pk, kind="retention", ordered_by="Juez 3.º de Instrucción Cautelar",
                    retain_until=timezone.localdate() + dt.timedelta(days=365))
    custody_transfer(actor=first, item_id=ids.pk, to_user=second, reason="Audiencia de medidas", seal_intact=True)
    note = case_note_add(actor=first, case=case, text="Acta de allanamiento del taller, firmada por el fiscal.")
    attachment_add(actor=first, case_id=case.pk, target="note", target_id=note.pk, name="acta-allanamiento.txt",
                   stream=io.BytesIO(RAID_REPORT))
    return {"items": 3, "attachments": 1, "case": case.pk}
