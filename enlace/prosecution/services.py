"""Writes of the evidence registry: items, files, custody events. Each is atomic and audited.

Only users with full access to the case write here (``evidence_case``); a hand-over is refused
to anyone but the user who answers for the item now (``custody.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enlace.audit.services import audit_record
from enlace.cases.access import Access, case_access
from enlace.cases.models import CasePerson
from enlace.core.errors import Forbidden, NotFound
from enlace.core.storage import EncryptedFileStore

from .models import CustodyEvent, EvidenceFile, EvidenceItem, ExternalCustodian, StorageLocation
from .selectors import evidence_case, file_context, item_state
from .uploads import sniff_upload, store_upload
from .vocabulary import DISPOSAL_KINDS, EventKind, EvidenceKind


def _writable_case(actor, case_id: int):
    case = evidence_case(actor=actor, case_id=case_id)
    if not actor.can_create_cases:
        raise Forbidden
    return case


@transaction.atomic
def evidence_item_create(
    *, actor, case_id: int, exhibit_number: str, kind: str, description: str = "", seized_where: str = "",
    seized_at: dt.datetime | None = None, seized_by: str = "", seal_number: str = "", condition: str = "",
    location: StorageLocation | None = None, person_ids: Iterable[int] = (),
) -> EvidenceItem:
    """A new item; the actor who registers it is its first custodian (the "acquired" event)."""
    case = _writable_case(actor, case_id)
    exhibit_number = exhibit_number.strip()
    if not exhibit_number:
        raise ValidationError({"exhibit_number": _("An exhibit number is required.")})
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Unknown kind of evidence.")})
    if EvidenceItem.objects.filter(case=case, exhibit_number=exhibit_number).exists():
        raise ValidationError({"exhibit_number": _("This exhibit number is already used in the case.")})
    persons = list(CasePerson.objects.filter(case=case, pk__in=list(person_ids)))
    if len(persons) != len(set(person_ids)):
        raise ValidationError({"persons": _("Only persons of this case can be linked.")})
    try:
        with transaction.atomic():
            item = EvidenceItem.objects.create(
                case=case, exhibit_number=exhibit_number, kind=kind, description=description,
                seized_where=seized_where, seized_at=seized_at, seized_by=seized_by, seal_number=seal_number,
                condition=condition, location=location, created_by=actor,
            )
    except IntegrityError:  # a concurrent registration took the number between check and insert
        raise ValidationError({"exhibit_number": _("This exhibit number is already used in the case.")}) from None
    item.persons.set(persons)
    CustodyEvent.objects.create(item=item, kind=EventKind.ACQUIRED, recorded_by=actor, condition=condition,
                                seal_intact=True if seal_number else None)
    audit_record(actor=actor, action="evidence.create", obj=item, case_id=case.pk,
                 details={"kind": kind, "persons": len(persons)})
    return item


def _open_item(actor, item_id: int) -> EvidenceItem:
    """The item locked for this write, when the actor may write its case; the same NotFound otherwise."""
    item = EvidenceItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound
    _writable_case(actor, item.case_id)
    return item


@transaction.atomic
def evidence_file_add(*, actor, item_id: int, name: str, stream, store: EncryptedFileStore | None = None,
                      max_bytes: int | None = None) -> EvidenceFile:
    """Encrypt a file into the store while hashing it (SHA-256 at acquisition), its type from its content."""
    item = _open_item(actor, item_id)
    if stream is None:  # checked after access, so a stranger learns nothing from a missing file
        raise ValidationError({"file": _("Choose a file.")})
    if item_state(item).disposed is not None:
        raise ValidationError(_("The item was destroyed or returned; its chain is closed."))
    content_type, head = sniff_upload(stream)
    store = store or EncryptedFileStore()
    evidence_file = EvidenceFile(item=item, name=(name or "file")[:200], content_type=content_type,
                                 size=0, uploaded_by=actor)
    stored = store_upload(stream, head, context=file_context(evidence_file), store=store, limit=max_bytes)
    evidence_file.file_id, evidence_file.size, evidence_file.sha256 = stored.file_id, stored.size, stored.sha256
    try:
        evidence_file.save()
        audit_record(actor=actor, action="evidence.file.add", obj=evidence_file, case_id=item.case_id,
                     details={"content_type": content_type, "size": stored.size, "sha256": stored.sha256})
    except BaseException:
        store.delete(stored.file_id)
        raise
    return evidence_file


def _verify_files(item: EvidenceItem, store: EncryptedFileStore) -> bool | None:
    files = list(item.files.all())
    if not files:
        return None
    return all(store.verify(f.file_id, sha256=f.sha256, context=file_context(f)) for f in files)


@transaction.atomic
def custody_transfer(
    *, actor, item_id: int, to_user=None, to_external: ExternalCustodian | None = None, reason: str = "",
    receipt_reference: str = "", seal_intact: bool | None = None, condition: str = "",
    store: EncryptedFileStore | None = None,
) -> CustodyEvent:
    """Hand an item over; only the user who answers for it may, and not while a hand-over is pending."""
    item = _open_item(actor, item_id)
    state = item_state(item)
    if state.disposed is not None:
        raise ValidationError(_("The item was destroyed or returned; its chain is closed."))
    if state.responsible_id != actor.pk:
        raise ValidationError(_("Only the current custodian can hand the item over."))
    if state.pending is not None:
        raise ValidationError(_("A hand-over is pending: the receiver must confirm it first."))
    if (to_user is None) == (to_external is None):
        raise ValidationError(_("Choose one receiver: a user or an external custodian."))
    if to_user is not None and (to_user.pk == actor.pk or case_access(to_user, item.case) < Access.FULL):
        raise ValidationError({"to_user": _("The receiver must be another user with full access to the case.")})
    if to_external is not None and not receipt_reference.strip():
        raise ValidationError({"receipt_reference": _("A hand-over to an external custodian needs its receipt reference.")})
    verified = _verify_files(item, store or EncryptedFileStore())
    event = CustodyEvent.objects.create(
        item=item, kind=EventKind.TRANSFER, recorded_by=actor, to_user=to_user, to_external=to_external,
        reason=reason, receipt_reference=receipt_reference.strip(), seal_intact=seal_intact, condition=condition,
        files_verified=verified,
    )
    audit_record(actor=actor, action="evidence.custody.transfer", obj=event, case_id=item.case_id,
                 details={"item": item.pk, "external": to_external is not None, "files_verified": verified})
    return event


@transaction.atomic
def custody_confirm(*, actor, item_id: int, seal_intact: bool | None = None, condition: str = "",
                    store: EncryptedFileStore | None = None) -> CustodyEvent:
    """The receiver of a pending hand-over confirms it; from then on they answer for the item."""
    item = _open_item(actor, item_id)
    pending = item_state(item).pending
    if pending is None or pending.to_user_id != actor.pk:
        raise ValidationError(_("There is no hand-over to you waiting for confirmation."))
    event = CustodyEvent.objects.create(
        item=item, kind=EventKind.CONFIRMED, recorded_by=actor, transfer=pending, seal_intact=seal_intact,
        condition=condition, files_verified=_verify_files(item, store or EncryptedFileStore()),
    )
    audit_record(actor=actor, action="evidence.custody.confirm", obj=event, case_id=item.case_id,
                 details={"item": item.pk, "files_verified": event.files_verified})
    return event


@transaction.atomic
def custody_dispose(*, actor, item_id: int, kind: str, ordered_by: str, reason: str = "",
                    retain_until: dt.date | None = None, receipt_reference: str = "") -> CustodyEvent:
    """Record a retention order, or the destruction or return of an item (by its custodian)."""
    item = _open_item(actor, item_id)
    state = item_state(item)
    if kind not in (EventKind.RETENTION, *DISPOSAL_KINDS):
        raise ValidationError({"kind": _("Unknown disposal.")})
    if state.disposed is not None:
        raise ValidationError(_("The item was destroyed or returned; its chain is closed."))
    if state.responsible_id != actor.pk or state.pending is not None:
        raise ValidationError(_("Only the current custodian can record this, with no hand-over pending."))
    if not ordered_by.strip():
        raise ValidationError({"ordered_by": _("Say who ordered it.")})
    if kind == EventKind.RETENTION and retain_until is None:
        raise ValidationError({"retain_until": _("A retention order needs its end date.")})
    event = CustodyEvent.objects.create(item=item, kind=kind, recorded_by=actor, ordered_by=ordered_by.strip(),
                                        reason=reason, retain_until=retain_until, receipt_reference=receipt_reference)
    audit_record(actor=actor, action=f"evidence.custody.{kind}", obj=event, case_id=item.case_id,
                 details={"item": item.pk})
    return event
