"""The evidence registry over the API (/api/v1/prosecution): items, custody events, files.

The same selectors and services as the pages, so the same rules: only users with full access to
the case see or write anything (404 for everyone else, as for a missing id); only the current
custodian hands an item over (400 otherwise). A download re-checks the file's SHA-256 first and
answers 409 when the file on disk no longer matches; files are always sent as attachments.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from enlace.core.api_schemas import AuthedRequest, StrictIn, error_responses

from . import selectors, services
from .api_attachments import router as attachments_router
from .api_proceedings import router as proceedings_router
from .custody import custody_state
from .downloads import file_response

router = Router(tags=["prosecution"])
router.add_router("", proceedings_router)
router.add_router("", attachments_router)


class EventOut(Schema):
    id: int
    kind: str
    at: dt.datetime
    recorded_by: str
    to_user: str | None
    to_external: str | None
    receipt_reference: str
    reason: str
    seal_intact: bool | None
    condition: str
    ordered_by: str
    retain_until: dt.date | None
    files_verified: bool | None = Field(..., description="Every file of the item re-hashed at this event (null: none).")


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class ItemOut(Schema):
    id: UUID = Field(..., description="The item's public id (random).")
    case_id: UUID = Field(..., description="The case's public id.")
    exhibit_number: str
    kind: str
    seal_number: str
    condition: str
    location: str | None
    custodian: str | None = Field(..., description="The user who answers for the item now.")
    external_custodian: str | None
    pending_transfer: int | None = Field(..., description="The hand-over event waiting for the receiver.")
    disposed: str | None = Field(..., description="'destroyed' or 'returned' once the chain is closed.")


class ItemDetailOut(ItemOut):
    description: str
    seized_where: str
    seized_at: dt.datetime | None
    seized_by: str
    person_ids: list[int] = Field(..., description="Case-person ids linked to the item.")
    events: list[EventOut]
    files: list[FileOut]


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def _item_out(item, events) -> dict:
    state = custody_state(events)
    responsible = next((e.recorded_by for e in reversed(events) if e.recorded_by_id == state.responsible_id), None)
    external = next((e.to_external for e in reversed(events) if e.to_external_id == state.external_id), None)
    return {
        "id": item.public_id, "case_id": item.case.public_id, "exhibit_number": item.exhibit_number, "kind": item.kind,
        "seal_number": item.seal_number, "condition": item.condition,
        "location": item.location.path if item.location_id else None, "custodian": _name(responsible),
        "external_custodian": external.name if state.external_id and external else None,
        "pending_transfer": state.pending.pk if state.pending else None,
        "disposed": state.disposed.kind if state.disposed else None,
    }


def _event_out(e) -> dict:
    return {"id": e.pk, "kind": e.kind, "at": e.at, "recorded_by": _name(e.recorded_by), "to_user": _name(e.to_user),
            "to_external": e.to_external.name if e.to_external_id else None, "receipt_reference": e.receipt_reference,
            "reason": e.reason, "seal_intact": e.seal_intact, "condition": e.condition, "ordered_by": e.ordered_by,
            "retain_until": e.retain_until, "files_verified": e.files_verified}


def _detail(item) -> dict:
    events = selectors.item_events(item)
    return {**_item_out(item, events), "description": item.description, "seized_where": item.seized_where,
            "seized_at": item.seized_at, "seized_by": item.seized_by,
            "person_ids": [cp.pk for cp in selectors.item_persons(item)],
            "events": [_event_out(e) for e in events],
            "files": [{"id": f.pk, "name": f.name, "content_type": f.content_type, "size": f.size,
                       "sha256": f.sha256, "uploaded_at": f.uploaded_at} for f in selectors.item_files(item)]}


@router.get("/cases/{uuid:case_id}/evidence", response={200: list[ItemOut], **error_responses(404)},
            operation_id="evidence_list")
def evidence_list(request: AuthedRequest, case_id: UUID):
    _case, items = selectors.evidence_list(actor=request.auth, case_id=case_id)
    return [_item_out(item, events) for item, events in selectors.with_custody(items)]


class ItemIn(StrictIn):
    exhibit_number: str = Field(..., max_length=40)
    kind: str = Field(..., description="physical, documentary, digital, biological or testimony.")
    description: str = ""
    seized_where: str = Field("", max_length=300)
    seized_at: dt.datetime | None = None
    seized_by: str = Field("", max_length=160)
    seal_number: str = Field("", max_length=60)
    condition: str = Field("", max_length=200)
    location_id: int | None = None
    person_ids: list[int] = Field(default_factory=list, description="Case-person ids of this case.")


@router.post("/cases/{uuid:case_id}/evidence", response={201: ItemDetailOut, **error_responses(400, 403, 404, 422)},
             operation_id="evidence_create")
def evidence_create(request: AuthedRequest, case_id: UUID, payload: ItemIn):
    data = payload.dict()
    location_id = data.pop("location_id")
    location = selectors.storage_locations().filter(pk=location_id).first() if location_id else None
    if location_id and location is None:
        raise ValidationError({"location_id": _("Unknown storage location.")})
    item = services.evidence_item_create(actor=request.auth, case_id=case_id, location=location, **data)
    return Status(201, _detail(item))


@router.get("/evidence/{uuid:item_id}", response={200: ItemDetailOut, **error_responses(404)}, operation_id="evidence_get")
def evidence_get(request: AuthedRequest, item_id: UUID):
    return _detail(selectors.evidence_item_get(actor=request.auth, item_id=item_id))


class TransferIn(StrictIn):
    to_user_id: int | None = Field(None, description="A user with full access to the case (then pending until confirmed).")
    to_external_id: int | None = Field(None, description="An external custodian (needs receipt_reference).")
    receipt_reference: str = Field("", max_length=80)
    reason: str = Field("", max_length=300)
    seal_intact: bool | None = None
    condition: str = Field("", max_length=200)


@router.post("/evidence/{uuid:item_id}/transfer", response={201: EventOut, **error_responses(400, 403, 404, 422)},
             operation_id="evidence_transfer")
def evidence_transfer(request: AuthedRequest, item_id: UUID, payload: TransferIn):
    item = selectors.evidence_item_get(actor=request.auth, item_id=item_id)
    to_user = selectors.transfer_candidates(actor=request.auth, case=item.case).filter(pk=payload.to_user_id).first() \
        if payload.to_user_id else None
    to_external = (selectors.external_custodians().filter(pk=payload.to_external_id).first()
                   if payload.to_external_id else None)
    if (payload.to_user_id and to_user is None) or (payload.to_external_id and to_external is None):
        raise ValidationError(_("Unknown receiver."))
    event = services.custody_transfer(
        actor=request.auth, item_id=item.pk, to_user=to_user, to_external=to_external, reason=payload.reason,
        receipt_reference=payload.receipt_reference, seal_intact=payload.seal_intact, condition=payload.condition)
    return Status(201, _event_out(event))


class ConfirmIn(StrictIn):
    seal_intact: bool | None = None
    condition: str = Field("", max_length=200)


@router.post("/evidence/{uuid:item_id}/confirm", response={201: EventOut, **error_responses(400, 403, 404, 422)},
             operation_id="evidence_confirm")
def evidence_confirm(request: AuthedRequest, item_id: UUID, payload: ConfirmIn):
    item = selectors.evidence_item_get(actor=request.auth, item_id=item_id)
    event = services.custody_confirm(actor=request.auth, item_id=item.pk, seal_intact=payload.seal_intact,
                                     condition=payload.condition)
    return Status(201, _event_out(event))


class DisposeIn(StrictIn):
    kind: str = Field(..., description="retention, destroyed or returned.")
    ordered_by: str = Field(..., max_length=160)
    reason: str = Field("", max_length=300)
    retain_until: dt.date | None = None
    receipt_reference: str = Field("", max_length=80)


@router.post("/evidence/{uuid:item_id}/dispose", response={201: EventOut, **error_responses(400, 403, 404, 422)},
             operation_id="evidence_dispose")
def evidence_dispose(request: AuthedRequest, item_id: UUID, payload: DisposeIn):
    item = selectors.evidence_item_get(actor=request.auth, item_id=item_id)
    event = services.custody_dispose(actor=request.auth, item_id=item.pk, **payload.dict())
    return Status(201, _event_out(event))


@router.post("/evidence/{uuid:item_id}/files", response={201: FileOut, **error_responses(400, 403, 404, 413, 422)},
             operation_id="evidence_upload")
def evidence_upload(request: AuthedRequest, item_id: UUID, file: UploadedFile | None = File(None)):  # noqa: B008 (ninja)
    """Multipart upload, stored encrypted; 413 above ENLACE_EVIDENCE_UPLOAD_MAX_BYTES, 400 for a refused type."""
    item = selectors.evidence_item_get(actor=request.auth, item_id=item_id)
    if file is not None and file.size is not None and file.size > settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES:
        return Status(413, {"message": _("The file is larger than the upload limit."), "errors": {}})
    f = services.evidence_file_add(actor=request.auth, item_id=item.pk, name=getattr(file, "name", "") or "file",
                                  stream=file)
    return Status(201, {"id": f.pk, "name": f.name, "content_type": f.content_type, "size": f.size,
                        "sha256": f.sha256, "uploaded_at": f.uploaded_at})


@router.get("/evidence-files/{file_id}", response={200: None, **error_responses(404, 409)},
            operation_id="evidence_download")
def evidence_download(request: AuthedRequest, file_id: int):
    """The file as an attachment, after its SHA-256 is re-checked; 409 when it no longer matches."""
    evidence_file, chunks = selectors.evidence_file_download(actor=request.auth, file_pk=file_id)
    if chunks is None:
        return Status(409, {"message": _("The file does not match the hash recorded at acquisition; it was not sent."),
                            "errors": {}})
    return file_response(evidence_file, chunks)
