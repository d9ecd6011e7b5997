"""The audit log for auditors: filtered list, one entry, and the state of the hash chain.

Only auditors; everyone else gets the 404 of a page that does not exist. Reading the log
is itself recorded (``audit.read``), before the query runs, so an auditor's own read is
the newest entry they see: who looked at what is as visible as any other action.

The list re-hashes only the entries after the last checkpoint (``audit_chain_status``), so its
cost does not grow with the log; "Verify whole chain now" (``audit_verify``) walks from genesis,
the only check that finds an entry altered before a checkpoint.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from enlace.core.http import domain_errors

from .forms import AuditFilterForm
from .labels import label_entries
from .selectors import audit_chain_status, audit_entry_list
from .services import audit_chain_checkpoint, audit_checkpoint_record, audit_entry_read, audit_list_read

PER_PAGE = 50


def require_auditor(request) -> None:
    if not request.user.is_auditor:
        raise Http404


@login_required
@domain_errors
def audit_list(request) -> HttpResponse:
    require_auditor(request)
    form = AuditFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    # The chain is checked (and a due checkpoint recorded, with its own entry) before the read is
    # recorded, so the auditor's read stays the newest entry on the page.
    chain = audit_chain_status(actor=request.user)
    if chain.check is not None and chain.worth_recording:
        audit_checkpoint_record(check=chain.check, actor=request.user)
    audit_list_read(actor=request.user, filters=filters, page=request.GET.get("page", "1"))
    page = Paginator(audit_entry_list(actor=request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    label_entries(list(page.object_list))
    return render(request, "audit/list.html", {"form": form, "page_obj": page, "chain": chain})


@login_required
@domain_errors
def audit_detail(request, pk: int) -> HttpResponse:
    require_auditor(request)
    entry = audit_entry_list(actor=request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    audit_entry_read(actor=request.user, entry=entry)
    label_entries([entry])
    return render(request, "audit/detail.html", {
        "entry": entry,
        "details_json": json.dumps(entry.details, indent=2, ensure_ascii=False, sort_keys=True),
    })


@login_required
@domain_errors
def audit_verify(request) -> HttpResponse:
    """Walk the whole chain now and record a full checkpoint (the walk and its outcome are audited).

    POST only (it writes, and may take minutes on a large log); the auditor check comes first so
    everyone else gets the same 404 as for the list.
    """
    require_auditor(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    result = audit_chain_checkpoint(actor=request.user, full=True).result
    if result.ok:
        messages.success(request, ngettext(
            "Whole chain verified: %(count)s entry, none altered, removed or reordered.",
            "Whole chain verified: %(count)s entries, none altered, removed or reordered.",
            result.checked) % {"count": result.checked})
    else:
        messages.error(request, gettext("Whole chain verified: it is broken at entry #%(seq)s.")
                       % {"seq": result.first_bad_seq})
    return redirect("audit:list")
