"""Attaching a file to a note, a timeline event or a person of a case.

The same store and rule as evidence files (``uploads.py``): the type from the content, the size
counted while streaming, SHA-256 taken at acquisition and recorded, the upload audited in the
same transaction; a refused or failed upload leaves no file on disk.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.cases.models import CaseEvent, CaseNote
from enlace.core.storage import EncryptedFileStore

from .models_attachments import Attachment, AttachmentTarget
from .selectors_attachments import attachment_context, person_of_case
from .services import _writable_case
from .uploads import sniff_upload, store_upload


def _target_fields(case, target: str, target_id: int | None) -> dict:
    if target == AttachmentTarget.NOTE:
        note = CaseNote.objects.filter(case=case, pk=target_id).first() if target_id else None
        return {"note": note} if note else {}
    if target == AttachmentTarget.EVENT:
        event = CaseEvent.objects.filter(case=case, pk=target_id).first() if target_id else None
        return {"event": event} if event else {}
    if target == AttachmentTarget.PERSON:
        person = person_of_case(case, target_id) if target_id else None
        return {"person": person} if person else {}
    return {}


@transaction.atomic
def attachment_add(*, actor, case_id: int, target: str, target_id: int | None, name: str, stream,
                   store: EncryptedFileStore | None = None, max_bytes: int | None = None) -> Attachment:
    """Store the file encrypted and attach it; only what belongs to this case can be a target."""
    case = _writable_case(actor, case_id)
    fields = _target_fields(case, target, target_id)
    if not fields:
        raise ValidationError({"target": _("Choose a note, an event or a person of this case.")})
    if stream is None:
        raise ValidationError({"file": _("Choose a file.")})
    content_type, head = sniff_upload(stream)
    store = store or EncryptedFileStore()
    attachment = Attachment(case=case, target=target, name=(name or "file")[:200], content_type=content_type,
                            size=0, uploaded_by=actor, **fields)
    stored = store_upload(stream, head, context=attachment_context(attachment), store=store, limit=max_bytes)
    attachment.file_id, attachment.size, attachment.sha256 = stored.file_id, stored.size, stored.sha256
    try:
        attachment.save()
        audit_record(actor=actor, action="attachment.add", obj=attachment, case_id=case.pk,
                     details={"target": target, "content_type": content_type, "size": stored.size,
                              "sha256": stored.sha256})
    except BaseException:
        store.delete(stored.file_id)
        raise
    return attachment
