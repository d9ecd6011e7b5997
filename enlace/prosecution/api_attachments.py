"""Attachments of a case's notes, events and persons over the API (/api/v1/prosecution).

The same selectors and services as the page. An API answer carries no reveal, so a file attached
to a protected person is listed without its name and its download answers 404, as for a missing id.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from enlace.core.api_schemas import AuthedRequest, error_responses

from . import selectors_attachments, services_attachments
from .downloads import file_response
from .selectors import evidence_case
from .selectors_attachments import AttachmentRow

router = Router(tags=["prosecution"])


class AttachmentOut(Schema):
    id: int
    target: str = Field(..., description="note, event or person.")
    target_id: int
    name: str | None = Field(..., description="Null for a protected person's file (no reveal in an API answer).")
    content_type: str | None
    size: int | None
    sha256: str | None
    uploaded_at: dt.datetime


def _out(row: AttachmentRow) -> dict:
    a = row.attachment
    target_id = {"note": a.note_id, "event": a.event_id, "person": a.person_id}[a.target]
    return {"id": a.pk, "target": a.target, "target_id": target_id, "name": a.name if row.shown else None,
            "content_type": a.content_type if row.shown else None, "size": a.size if row.shown else None,
            "sha256": a.sha256 if row.shown else None, "uploaded_at": a.uploaded_at}


@router.get("/cases/{case_id}/attachments", response={200: list[AttachmentOut], **error_responses(404)},
            operation_id="attachment_list")
def attachment_list(request: AuthedRequest, case_id: int):
    _case, rows = selectors_attachments.case_attachments(actor=request.auth, case_id=case_id, reveals=None)
    return [_out(r) for r in rows]


@router.post("/cases/{case_id}/attachments",
             response={201: AttachmentOut, **error_responses(400, 403, 404, 413, 422)}, operation_id="attachment_add")
def attachment_add(request: AuthedRequest, case_id: int, target: str = Form(""),  # noqa: B008 (ninja)
                      target_id: int | None = Form(None), file: UploadedFile | None = File(None)):  # noqa: B008 (ninja)
    """Multipart: ``target`` (note, event, person), ``target_id``, ``file``; 413 above the upload limit."""
    if file is not None and file.size is not None and file.size > settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES:
        evidence_case(actor=request.auth, case_id=case_id)  # a stranger still gets the 404
        return Status(413, {"message": _("The file is larger than the upload limit."), "errors": {}})
    a = services_attachments.attachment_add(actor=request.auth, case_id=case_id, target=target, target_id=target_id,
                       name=getattr(file, "name", "") or "file", stream=file)
    return Status(201, _out(AttachmentRow(a, "", True)))


@router.get("/attachments/{attachment_id}", response={200: None, **error_responses(404, 409)},
            operation_id="attachment_download")
def attachment_download(request: AuthedRequest, attachment_id: int):
    """The file as an attachment, after its SHA-256 is re-checked; 409 when it no longer matches."""
    attachment, chunks = selectors_attachments.attachment_download(actor=request.auth, attachment_id=attachment_id, reveals=None)
    if chunks is None:
        return Status(409, {"message": _("The file does not match the hash recorded when it was attached; it was "
                                         "not sent."), "errors": {}})
    return file_response(attachment, chunks, prefix="attachment")
