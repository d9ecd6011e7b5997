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
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from enlace.core.http import domain_errors

from .labels import label_entries
from .selectors import audit_chain_status, audit_entry_list, audit_filter_choices
from .services import audit_chain_checkpoint, audit_checkpoint_record, audit_entry_read, audit_list_read

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=64,
                             widget=forms.TextInput(attrs={"list": "audit-actions", "autocomplete": "off",
                                                           "placeholder": _("for example permission.")}))
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    case_id = forms.IntegerField(label=_("Case id"), required=False, min_value=1)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64,
                                  widget=forms.TextInput(attrs={"list": "audit-object-types", "autocomplete": "off"}))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("All entries")), ("read", _("Reads (pages, lists, searches, exports)")),
        ("denied", _("Denied attempts"))])
    searched = forms.CharField(
        label=_("Searched for"), required=False, max_length=200,
        help_text=_("A name, or one word of it: finds who searched for it. The log keeps search terms only "
                    "as keyed hashes; what you type here is recorded the same way."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _require_auditor(request) -> None:
    if not request.user.is_auditor:
        raise Http404


@login_required
@domain_errors
def audit_list(request) -> HttpResponse:
    _require_auditor(request)
    form = AuditFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)} if form.is_valid() else {}
    # The chain is checked (and a due checkpoint recorded, with its own entry) before the read is
    # recorded, so the auditor's read stays the newest entry on the page.
    chain = audit_chain_status(actor=request.user)
    if chain.check is not None and chain.worth_recording:
        audit_checkpoint_record(check=chain.check, actor=request.user)
    audit_list_read(actor=request.user, filters=filters, page=request.GET.get("page", "1"))
    page = Paginator(audit_entry_list(actor=request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    label_entries(list(page.object_list))
    return render(request, "audit/list.html", {
        "form": form, "page_obj": page, "chain": chain, **audit_filter_choices(actor=request.user),
    })


@login_required
@domain_errors
def audit_detail(request, pk: int) -> HttpResponse:
    _require_auditor(request)
    entry = audit_entry_list(actor=request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    audit_entry_read(actor=request.user, entry=entry)
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
    _require_auditor(request)
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
