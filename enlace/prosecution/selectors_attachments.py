"""Reads of the attachments of a case's notes, events and persons.

Full access to the case, the same NotFound otherwise. A file attached to a protected person (a
victim, a witness) is shown, named and sent only while the reader sees that person's identity
(``persons.identity``): a photo or an identity document identifies as well as a name. To everyone
else it is listed as "a file" under the pseudonym and its download answers as for a missing id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.audit.reads import audit_read
from enlace.audit.services import audit_record
from enlace.cases.models import Case, CaseEvent, CaseNote
from enlace.cases.selectors import case_notes, case_persons, case_timeline
from enlace.core.errors import NotFound
from enlace.core.storage import EncryptedFileStore
from enlace.persons.identity import identity_visible, person_labels
from enlace.persons.models import Person

from .models_attachments import Attachment, AttachmentTarget
from .selectors import evidence_case


def attachment_context(attachment: Attachment) -> str:
    """Binds the stored file to its case and what it is attached to: moved elsewhere, it fails."""
    target_pk = {"note": attachment.note_id, "event": attachment.event_id, "person": attachment.person_id}
    return f"prosecution.attachment:{attachment.case_id}:{attachment.target}:{target_pk[attachment.target]}"


@dataclass
class AttachmentRow:
    attachment: Attachment
    target_label: str
    shown: bool  # False: a protected person's file the reader may not see (no name, no download)


@dataclass
class AttachmentTargets:
    notes: list[tuple[int, str]]
    events: list[tuple[int, str]]
    persons: list[tuple[int, str]]


def _note_label(note: CaseNote) -> str:
    return _("Note of %(when)s") % {"when": date_format(note.created_at, "SHORT_DATETIME_FORMAT")} + \
        (f" ({note.author.get_username()})" if note.author else "")


def _event_label(event: CaseEvent) -> str:
    return f"{date_format(event.occurred_on, 'SHORT_DATE_FORMAT')} · {event.get_kind_display()} · {event.description[:60]}"


def attachment_targets(*, actor, case: Case, reveals: dict | None) -> AttachmentTargets:
    """What a file can be attached to: the case's notes, events and persons (by pseudonym unless revealed)."""
    persons = [cp.person for cp in case_persons(actor=actor, case=case)]
    labels = person_labels(actor=actor, persons=list({p.pk: p for p in persons}.values()), reveals=reveals)
    return AttachmentTargets(
        notes=[(n.pk, _note_label(n)) for n in case_notes(actor=actor, case=case)],
        events=[(i.obj.pk, _event_label(i.obj)) for i in case_timeline(actor=actor, case=case) if i.kind == "event"],
        persons=sorted(labels.items(), key=lambda kv: kv[1]),
    )


def _shown(actor, attachment: Attachment, reveals: dict | None) -> bool:
    if attachment.target != AttachmentTarget.PERSON:
        return True
    return identity_visible(actor=actor, person=attachment.person, reveals=reveals)


def case_attachments(*, actor, case_id: int, reveals: dict | None) -> tuple[Case, list[AttachmentRow]]:
    case = evidence_case(actor=actor, case_id=case_id)
    audit_read(actor=actor, action="attachments.list", obj=case, case_id=case.pk, lead=True)
    rows = list(Attachment.objects.filter(case=case).select_related("note__author", "event", "person",
                                                                      "uploaded_by"))
    labels = person_labels(actor=actor, persons=list({a.person_id: a.person for a in rows if a.person}.values()),
                           reveals=reveals)
    out = []
    for a in rows:
        if a.note is not None:
            label = _note_label(a.note)
        elif a.event is not None:
            label = _event_label(a.event)
        else:
            label = labels.get(a.person_id or 0, "—")
        out.append(AttachmentRow(a, label, _shown(actor, a, reveals)))
    return case, out


def attachment_download(*, actor, attachment_id: int, reveals: dict | None,
                        store: EncryptedFileStore | None = None) -> tuple[Attachment, Iterator[bytes] | None]:
    """The file and its decrypted chunks after re-hashing it whole (chunks None on a mismatch).

    A protected person's file the reader may not see answers NotFound, exactly as a missing id.
    """
    attachment = Attachment.objects.select_related("person").filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound
    evidence_case(actor=actor, case_id=attachment.case_id)
    if not _shown(actor, attachment, reveals):
        raise NotFound
    store = store or EncryptedFileStore()
    context = attachment_context(attachment)
    if not store.verify(attachment.file_id, sha256=attachment.sha256, context=context):
        audit_record(actor=actor, action="attachment.mismatch", obj=attachment, case_id=attachment.case_id,
                     details={"verified": False})
        return attachment, None
    audit_read(actor=actor, action="attachment.download", obj=attachment, case_id=attachment.case_id,
               details={"verified": True, "target": attachment.target}, lead=True)
    return attachment, store.open(attachment.file_id, context=context)


def person_of_case(case: Case, person_id: int) -> Person | None:
    """A person in the case (any role), for attaching a file to them."""
    return Person.objects.filter(pk=person_id, case_roles__case=case).distinct().first()
