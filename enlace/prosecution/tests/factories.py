"""Builders for evidence tests: an item in the world's case, registered by its investigator."""

from __future__ import annotations

import io

from enlace.prosecution.models import ExternalCustodian, StorageLocation
from enlace.prosecution.services import evidence_file_add, evidence_item_create

PDF = b"%PDF-1.7\n" + b"statement of the workshop owner\n" * 200 + b"%%EOF\n"


def make_item(w, *, number: str = "EV-001", kind: str = "physical", actor=None):
    box = StorageLocation.objects.create(name="Box 4", parent=StorageLocation.objects.create(
        name="Shelf B", parent=StorageLocation.objects.create(name="Evidence room FELCC La Paz")))
    return evidence_item_create(actor=actor or w["investigator"], case_id=w["case"].public_id, exhibit_number=number,
                                kind=kind, description="Ledger of wages", seal_number="S-1", location=box)


def add_pdf(w, item, *, actor=None, data: bytes = PDF):
    return evidence_file_add(actor=actor or w["investigator"], item_id=item.pk, name="ledger.pdf",
                             stream=io.BytesIO(data))


def laboratory() -> ExternalCustodian:
    return ExternalCustodian.objects.create(name="IDIF laboratory La Paz", kind="laboratory")
