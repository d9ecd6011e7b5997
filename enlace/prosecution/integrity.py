"""The operator's check of every stored file (evidence files and attachments): re-hash it and compare
with the SHA-256 taken at acquisition.

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

from .models import Attachment, EvidenceFile
from .selectors import file_context
from .selectors_attachments import attachment_context

OPERATOR = "(operator)"


@dataclass(frozen=True)
class Mismatch:
    case_id: int
    exhibit_number: str  # empty for an attachment of a note, an event or a person
    file_pk: int
    attachment: bool = False

    def __str__(self) -> str:
        if self.attachment:
            return f"MISMATCH case {self.case_id} attachment {self.file_pk}"
        return f"MISMATCH case {self.case_id} exhibit {self.exhibit_number} file {self.file_pk}"


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
    """Yield each mismatch as it is found (evidence files, then attachments), then the number checked."""
    store = store or EncryptedFileStore()
    files = EvidenceFile.objects.select_related("item").order_by("id")
    attachments = Attachment.objects.order_by("id")
    if case is not None:
        files, attachments = files.filter(item__case=case), attachments.filter(case=case)
    checked = bad = 0
    for evidence_file in files.iterator(chunk_size=500):
        checked += 1
        if not store.verify(evidence_file.file_id, sha256=evidence_file.sha256, context=file_context(evidence_file)):
            bad += 1
            yield Mismatch(evidence_file.item.case_id, evidence_file.item.exhibit_number, evidence_file.pk)
    for attachment in attachments.iterator(chunk_size=500):
        checked += 1
        if not store.verify(attachment.file_id, sha256=attachment.sha256, context=attachment_context(attachment)):
            bad += 1
            yield Mismatch(attachment.case_id, "", attachment.pk, attachment=True)
    audit_record(action="evidence.verify", actor_label=OPERATOR, case_id=case.pk if case else None,
                 details={"checked": checked, "mismatches": bad})
    yield checked
