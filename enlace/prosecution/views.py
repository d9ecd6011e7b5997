"""Evidence pages of a case: the registry, an item with its chain of custody, its files.

Thin: access (full access to the case, the same 404 otherwise) and the custody rules are in the
selectors and services. Files are only ever sent as attachments, after their hash is re-checked.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.cases.selectors import can_write_case, case_persons
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import offer_form_token, one_submission

from . import selectors, services
from .custody import custody_state
from .downloads import file_response
from .forms import (
    ConfirmForm,
    DisposeForm,
    EvidenceFilterForm,
    ItemForm,
    TransferForm,
    UploadForm,
    seal_value,
)

# A page of the registry: a heavy case holds hundreds of exhibits, and the page's cost follows the
# rows it draws (each with its custody state), not the size of the case.
EVIDENCE_PER_PAGE = 50


def _item_form(request, case, data=None) -> ItemForm:
    persons = case_persons(actor=request.user, case=case)
    return ItemForm(data, locations=selectors.storage_locations(), case_persons=persons, prefix="item")


def _transfer_form(request, item, data=None) -> TransferForm:
    return TransferForm(data, users=selectors.transfer_candidates(actor=request.user, case=item.case),
                        externals=selectors.external_custodians(), prefix="tr")


def _report(request, fn, ok: str) -> bool:
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, ok)
    return True


@login_required
@domain_errors
def evidence_list(request, case_id: UUID, *, form: ItemForm | None = None, status: int = 200):
    offer_form_token(request)
    filters = EvidenceFilterForm(request.GET)
    case, items = selectors.evidence_list(actor=request.user, case_id=case_id, **filters.values())
    page = Paginator(items, EVIDENCE_PER_PAGE).get_page(request.GET.get("page"))
    # One reverse for the whole page: each {% url %} costs a resolver lookup, and the item pages'
    # address differs only by the id.
    stand_in = UUID(int=0)
    base = reverse("prosecution:evidence_detail", args=[stand_in]).removesuffix(f"{stand_in}/")
    rows = [(item, custody_state(events), f"{base}{item.public_id}/") for item, events in selectors.with_custody(page)]
    return render(request, "prosecution/evidence_list.html", {
        "case": case, "rows": rows, "page_obj": page, "filters": filters,
        "filtered": any(filters.values().values()),
        "form": form or _item_form(request, case), "can_write": can_write_case(actor=request.user, case=case),
    }, status=status)


@login_required
@domain_errors
@require_POST
@one_submission
def evidence_create(request, case_id: UUID):
    case = selectors.evidence_case(actor=request.user, case_id=case_id)
    form = _item_form(request, case, request.POST)
    if form.is_valid():
        try:
            item = services.evidence_item_create(actor=request.user, case_id=case.public_id, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Evidence item registered."))
            return redirect("prosecution:evidence_detail", item_id=item.public_id)
    return evidence_list(request, case_id, form=form, status=400)


@login_required
@domain_errors
def evidence_detail(request, item_id: UUID):
    item = selectors.evidence_item_get(actor=request.user, item_id=item_id)
    events = selectors.item_events(item)
    state = custody_state(events)
    return render(request, "prosecution/evidence_detail.html", {
        "case": item.case, "item": item, "events": events, "state": state, "files": selectors.item_files(item),
        "persons": selectors.item_persons(item), "transfer_form": _transfer_form(request, item),
        "confirm_form": ConfirmForm(prefix="cf"), "dispose_form": DisposeForm(prefix="dp"),
        "upload_form": UploadForm(), "is_custodian": state.responsible_id == request.user.pk,
        "to_confirm": state.pending is not None and state.pending.to_user_id == request.user.pk,
        "upload_limit": settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES,
    })


@login_required
@domain_errors
@require_POST
def evidence_upload(request, item_id: UUID):
    """Refused before the body is read when it declares more than the evidence limit."""
    item = selectors.evidence_item_get(actor=request.user, item_id=item_id)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.ENLACE_EVIDENCE_UPLOAD_MAX_BYTES + 64 * 1024:
        messages.error(request, _("The file is larger than the upload limit."))
        return redirect("prosecution:evidence_detail", item_id=item.public_id)
    form = UploadForm(request.POST, request.FILES)
    upload = form.cleaned_data["file"] if form.is_valid() else None
    _report(request, lambda: services.evidence_file_add(actor=request.user, item_id=item.pk,
                                                         name=getattr(upload, "name", ""), stream=upload),
            _("File stored encrypted; its SHA-256 is recorded."))
    return redirect("prosecution:evidence_detail", item_id=item.public_id)


@login_required
@domain_errors
@require_POST
def evidence_transfer(request, item_id: UUID):
    item = selectors.evidence_item_get(actor=request.user, item_id=item_id)
    form = _transfer_form(request, item, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _report(request, lambda: services.custody_transfer(
            actor=request.user, item_id=item.pk, to_user=d["to_user"], to_external=d["to_external"],
            reason=d["reason"], receipt_reference=d["receipt_reference"], seal_intact=seal_value(d["seal"]),
            condition=d["condition"]), _("Hand-over recorded."))
    else:
        messages.error(request, _("Check the hand-over form."))
    return redirect("prosecution:evidence_detail", item_id=item.public_id)


@login_required
@domain_errors
@require_POST
def evidence_confirm(request, item_id: UUID):
    item = selectors.evidence_item_get(actor=request.user, item_id=item_id)
    form = ConfirmForm(request.POST, prefix="cf")
    form.is_valid()
    d = form.cleaned_data
    _report(request, lambda: services.custody_confirm(
        actor=request.user, item_id=item.pk, seal_intact=seal_value(d.get("seal", "")),
        condition=d.get("condition", "")), _("Receipt confirmed: you are now the custodian."))
    return redirect("prosecution:evidence_detail", item_id=item.public_id)


@login_required
@domain_errors
@require_POST
def evidence_dispose(request, item_id: UUID):
    item = selectors.evidence_item_get(actor=request.user, item_id=item_id)
    form = DisposeForm(request.POST, prefix="dp")
    if form.is_valid():
        _report(request, lambda: services.custody_dispose(actor=request.user, item_id=item.pk, **form.cleaned_data),
                _("Recorded in the chain of custody."))
    else:
        messages.error(request, _("Say what was ordered and by whom."))
    return redirect("prosecution:evidence_detail", item_id=item.public_id)


@login_required
@domain_errors
def evidence_download(request, file_id: int):
    evidence_file, chunks = selectors.evidence_file_download(actor=request.user, file_pk=file_id)
    if chunks is None:
        messages.error(request, _("The file does not match the hash recorded at acquisition; it was not sent."))
        return redirect("prosecution:evidence_detail", item_id=evidence_file.item.public_id)
    return file_response(evidence_file, chunks)
