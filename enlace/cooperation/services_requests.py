"""Information requests between institutions: sent, routed, moved, answered under an agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, User
from enlace.audit.services import audit_record
from enlace.cases.access import has_full_access
from enlace.cases.models import Case
from enlace.core.disclosure import Disclosure, check_disclosure
from enlace.core.errors import Conflict, Forbidden
from enlace.core.locking import update_versioned
from enlace.core.storage import EncryptedFileStore

from .models import Agreement, InformationRequest, Notice, RequestAttachment, RequestEvent
from .routing import case_subdivision, route
from .vocabulary import (
    OPEN_REQUEST_STATUSES,
    RECEIVER_MOVES,
    DataCategory,
    NoticeKind,
    RequestStatus,
    Urgency,
)

URGENT_DAYS = {Urgency.URGENT: 3, Urgency.IMMEDIATE: 1}
ATTACHMENT_CONTEXT = "cooperation.answer"
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 5


def notify(users: Iterable[User | None], kind: str, *, request: InformationRequest | None = None,
           agreement: Agreement | None = None, reference: str = "", path: str = "") -> int:
    rows = [Notice(user=u, kind=kind, request=request, agreement=agreement, reference=reference, path=path)
            for u in {u for u in users if u is not None}]
    Notice.objects.bulk_create(rows)
    return len(rows)


def default_due(agreement: Agreement, urgency: str, today: dt.date | None = None) -> dt.date:
    days = min(agreement.answer_days, URGENT_DAYS.get(urgency, agreement.answer_days))  # type: ignore[call-overload]
    return (today or timezone.localdate()) + dt.timedelta(days=days)


def _next_reference() -> str:
    year = timezone.localdate().year
    count = InformationRequest.objects.filter(reference__startswith=f"SI-{year}-").count()
    return f"SI-{year}-{count + 1:05d}"


def _validate_request(*, actor: User, institution: Institution, agreement: Agreement, category: str, question: str,
                      reason: str, urgency: str, due_on: dt.date | None, case: Case | None) -> Institution:
    if not actor.can_work_cases:
        raise Forbidden
    if case is not None and not has_full_access(actor, case):
        raise Forbidden
    errors: dict[str, str] = {}
    if not question.strip() or not reason.strip():
        errors["question"] = _("Say what is asked and why.")
    if category not in DataCategory.values:
        errors["category"] = _("Say what is asked for, from the listed categories.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if due_on is not None and due_on < timezone.localdate():
        errors["due_on"] = _("The due date has passed.")
    parties = set(agreement.parties.values_list("pk", flat=True))
    mine = [i for i in actor.active_memberships if i.institution_id in parties and i.institution_id != institution.pk]
    if institution.pk not in parties or not mine:
        errors["agreement"] = _("The agreement must bind your institution and the one you ask.")
    elif not agreement.in_force_on(timezone.localdate()):
        errors["agreement"] = _("Agreement %(code)s is not in force.") % {"code": agreement.code}
    if errors:
        raise ValidationError(errors)
    return mine[0].institution


@transaction.atomic
def request_create(*, actor: User, institution: Institution, agreement: Agreement, category: str, question: str,
                   reason: str, urgency: str = Urgency.ROUTINE, due_on: dt.date | None = None,
                   case: Case | None = None, subdivision: str = "") -> InformationRequest:
    """Send a request; it goes to the institution's liaison for the case's department (or national)."""
    requesting = _validate_request(actor=actor, institution=institution, agreement=agreement, category=category,
                                   question=question, reason=reason, urgency=urgency, due_on=due_on, case=case)
    subdivision = case_subdivision(case) or subdivision
    liaison = route(institution, subdivision)
    if liaison is None:
        raise ValidationError({"institution": _("This institution has named no liaison yet.")})
    req = InformationRequest.objects.create(
        reference=_next_reference(), requesting_institution=requesting, requested_by=actor, institution=institution,
        case=case, subdivision=subdivision, agreement=agreement, category=category, question=question.strip(),
        reason=reason.strip(), urgency=urgency, due_on=due_on or default_due(agreement, urgency), assigned_to=liaison)
    RequestEvent.objects.create(request=req, status=RequestStatus.SENT, actor=actor)
    notify([liaison], NoticeKind.REQUEST_RECEIVED, request=req)
    audit_record(actor=actor, action="cooperation.request_create", obj=req, case_id=case.pk if case else None,
                 details={"reference": req.reference, "to": institution.code, "agreement": agreement.code,
                          "category": category})
    return req


def is_receiver(actor: User, req: InformationRequest) -> bool:
    return req.assigned_to_id == actor.pk or req.institution_id in liaison_institutions(actor, req.subdivision)


def liaison_institutions(actor: User, subdivision: str) -> set[int]:
    """Institutions whose requests for this department the actor answers as a liaison."""
    return {p.institution_id for p in actor.liaison_posts.filter(is_active=True)
            if not p.subdivision or p.subdivision == subdivision}


def _move(*, actor: User, req: InformationRequest, expected_version: int, status: str, note: str,
          extra: dict | None = None) -> InformationRequest:
    update_versioned(req, expected_version=expected_version, changes={"status": status, **(extra or {})})
    RequestEvent.objects.create(request=req, status=status, note=note[:300], actor=actor)
    audit_record(actor=actor, action="cooperation.request_status", obj=req, case_id=req.case_id,
                 details={"reference": req.reference, "status": status})
    return req


@transaction.atomic
def request_move(*, actor: User, req: InformationRequest, expected_version: int, status: str,
                 note: str = "") -> InformationRequest:
    """The receiving side acknowledges, starts work, or refuses (with a reason)."""
    if not is_receiver(actor, req):
        raise Forbidden
    if status not in RECEIVER_MOVES.get(req.status, set()):  # type: ignore[call-overload]
        raise Conflict(_("The request cannot move from %(from)s to %(to)s.")
                       % {"from": req.get_status_display(), "to": status})
    if status == RequestStatus.REFUSED and not note.strip():
        raise ValidationError({"note": _("Say why the request is refused.")})
    extra = {"refusal_reason": note.strip()[:300]} if status == RequestStatus.REFUSED else {}
    return _move(actor=actor, req=req, expected_version=expected_version, status=status, note=note, extra=extra)


@transaction.atomic
def request_withdraw(*, actor: User, req: InformationRequest, expected_version: int, note: str = "") -> InformationRequest:
    if req.requested_by_id != actor.pk:
        raise Forbidden
    if req.status not in OPEN_REQUEST_STATUSES:
        raise Conflict(_("Only an open request can be withdrawn."))
    return _move(actor=actor, req=req, expected_version=expected_version, status=RequestStatus.WITHDRAWN, note=note)


def _store_attachments(*, actor: User, req: InformationRequest, files: Sequence[tuple[str, BinaryIO]],
                       store: EncryptedFileStore) -> list[dict[str, object]]:
    """Each file encrypted in the file store; a file refused removes what was stored before it
    (the transaction rolls the rows back, the store is told here)."""
    written: list[RequestAttachment] = []
    try:
        for name, stream in files:
            stored = store.write(stream, context=ATTACHMENT_CONTEXT)
            written.append(RequestAttachment(request=req, file_id=stored.file_id, name=name[:200],
                                             sha256=stored.sha256, size=stored.size, uploaded_by=actor))
            if stored.size == 0 or stored.size > MAX_ATTACHMENT_BYTES:
                raise ValidationError({"files": _("A file is empty or larger than 20 MB.")})
    except ValidationError:
        for row in written:
            store.delete(row.file_id)
        raise
    RequestAttachment.objects.bulk_create(written)
    return [{"sha256": r.sha256, "size": r.size} for r in written]


@transaction.atomic
def request_answer(*, actor: User, req: InformationRequest, expected_version: int, answer: str,
                   partly: bool = False, files: Sequence[tuple[str, BinaryIO]] = (),
                   store: EncryptedFileStore | None = None) -> InformationRequest:
    """Answer, with its files: one disclosure to the requesting institution, checked against the
    agreement before anything is stored."""
    if not is_receiver(actor, req):
        raise Forbidden
    if req.status not in OPEN_REQUEST_STATUSES:
        raise Conflict(_("This request is no longer open."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": _("At most five files with an answer.")})
    check_disclosure(Disclosure(kind="cooperation.answer", actor=actor, recipient=req.requesting_institution,
                                subject=req, scope=req.category, agreement_ref=str(req.agreement_id)))
    stored = _store_attachments(actor=actor, req=req, files=files, store=store or EncryptedFileStore())
    status = RequestStatus.PARTLY_ANSWERED if partly else RequestStatus.ANSWERED
    _move(actor=actor, req=req, expected_version=expected_version, status=status, note="",
          extra={"answer": answer.strip(), "answered_by": actor, "answered_at": timezone.now()})
    notify([req.requested_by], NoticeKind.REQUEST_ANSWERED, request=req)
    audit_record(actor=actor, action="cooperation.disclosure", obj=req, case_id=req.case_id,
                 details={"reference": req.reference, "to": req.requesting_institution.code,
                          "agreement": req.agreement.code, "category": req.category, "files": stored})
    return req


@transaction.atomic
def notices_mark_read(*, actor: User) -> int:
    return Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
