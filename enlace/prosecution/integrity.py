"""The operator's check of every stored evidence file: re-hash it and compare with acquisition.

Run by ``enlace evidence verify``. It is an operator's act, not a user's read of a case, so it
takes no acting user; it is audited with the operator label and the counts (never file names).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from enlace.audit.services import audit_record
from enlace.cases.models import Case
from enlace.core.errors import NotFound
from enlace.core.storage import EncryptedFileStore

from .models import EvidenceFile
from .selectors import file_context

OPERATOR = "(operator)"


@dataclass(frozen=True)
class Mismatch:
    case_id: int
    exhibit_number: str
    file_pk: int


def case_by_reference(ref: str) -> Case:
    """A case by its id or by one of its reference numbers (the operator types either)."""
    cond = Q(references__number=ref.strip())
    if ref.strip().isdigit():
        cond |= Q(pk=int(ref.strip()))
    case = Case.objects.filter(cond).distinct().first()
    if case is None:
        raise NotFound
    return case


def verify_files(*, case: Case | None = None, store: EncryptedFileStore | None = None) -> Iterator[Mismatch | int]:
    """Yield each mismatch as it is found, then the number of files checked."""
    store = store or EncryptedFileStore()
    files = EvidenceFile.objects.select_related("item").order_by("id")
    if case is not None:
        files = files.filter(item__case=case)
    checked = bad = 0
    for evidence_file in files.iterator(chunk_size=500):
        checked += 1
        if not store.verify(evidence_file.file_id, sha256=evidence_file.sha256, context=file_context(evidence_file)):
            bad += 1
            yield Mismatch(evidence_file.item.case_id, evidence_file.item.exhibit_number, evidence_file.pk)
    audit_record(action="evidence.verify", actor_label=OPERATOR, case_id=case.pk if case else None,
                 details={"checked": checked, "mismatches": bad})
    yield checked
