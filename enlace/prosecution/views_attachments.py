"""The attachments page of a case: files on its notes, timeline events and persons.

Thin: access (full access to the case, the same 404 otherwise), the identity gate on a person's
files and the upload rules are in the selectors and services. Files leave only as attachments,
after their SHA-256 is re-checked.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.cases.selectors import can_write_case
from enlace.core.errors import Forbidden
from enlace.core.http import domain_errors, session_reveals

from .downloads import file_response
from .forms_attachments import AttachmentForm
from .selectors import evidence_case
from .selectors_attachments import attachment_download, attachment_targets, case_attachments
from .services_attachments import attachment_add
from .uploads import upload_limit


@login_required
@domain_errors
def attachments(request, case_id: int):
    reveals = session_reveals(request)
    case, rows = case_attachments(actor=request.user, case_id=case_id, reveals=reveals)
    form = AttachmentForm(targets=attachment_targets(actor=request.user, case=case, reveals=reveals))
    return render(request, "prosecution/attachments.html", {
        "case": case, "rows": rows, "form": form, "upload_limit": upload_limit(),
        "can_write": can_write_case(actor=request.user, case=case),
    })


@login_required
@domain_errors
@require_POST
def attachment_upload(request, case_id: int):
    """Refused before the body is read when it declares more than the upload limit."""
    case = evidence_case(actor=request.user, case_id=case_id)
    if not can_write_case(actor=request.user, case=case):  # a reader of the case learns nothing more
        raise Forbidden
    if int(request.META.get("CONTENT_LENGTH") or 0) > upload_limit() + 64 * 1024:
        messages.error(request, _("The file is larger than the upload limit."))
        return redirect("prosecution:attachments", case_id=case.pk)
    targets = attachment_targets(actor=request.user, case=case, reveals=session_reveals(request))
    form = AttachmentForm(request.POST, request.FILES, targets=targets)
    if not form.is_valid():
        messages.error(request, _("Choose what the file is attached to and the file."))
        return redirect("prosecution:attachments", case_id=case.pk)
    kind, target_id = form.target_parts()
    upload = form.cleaned_data["file"]
    try:
        attachment_add(actor=request.user, case_id=case.pk, target=kind, target_id=target_id,
                       name=getattr(upload, "name", ""), stream=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File stored encrypted; its SHA-256 is recorded."))
    return redirect("prosecution:attachments", case_id=case.pk)


@login_required
@domain_errors
def attachment_file(request, attachment_id: int):
    attachment, chunks = attachment_download(actor=request.user, attachment_id=attachment_id,
                                             reveals=session_reveals(request))
    if chunks is None:
        messages.error(request, _("The file does not match the hash recorded when it was attached; it was not sent."))
        return redirect("prosecution:attachments", case_id=attachment.case_id)
    return file_response(attachment, chunks, prefix="attachment")
