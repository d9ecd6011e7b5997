"""The auditor's exports and the reveals report.

Auditors only (everyone else: the 404 of a page that does not exist). Each read is recorded
before any row is produced. A CSV file holds what the page shows, in the same words (the
object's reference or pseudonym, the user's full name), every cell neutralised against
spreadsheet formulas (``enlace.core.csvsafe``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.core import csvsafe
from enlace.core.http import domain_errors

from .forms import AuditFilterForm, RevealFilterForm
from .selectors import audit_entry_list, audit_suggestions
from .selectors_reports import audit_reveal_list, entry_rows, reveal_rows, reveals_of
from .services import audit_export_read, audit_reveals_read, audit_suggest_read
from .views import PER_PAGE, require_auditor


def _csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_response(name: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingHttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _back_to_page(request, url_name: str) -> HttpResponse:
    """A filter the page would refuse: back to the page, which shows why (nothing is exported)."""
    return redirect(f"{reverse(url_name)}?{request.GET.urlencode()}")


@login_required
@domain_errors
def audit_export(request) -> HttpResponseBase:
    """The filtered log as CSV (the same filters as the page); a bad filter: the page's error."""
    require_auditor(request)
    form = AuditFilterForm(request.GET or None, actor=request.user)
    if form.is_bound and not form.is_valid():
        return _back_to_page(request, "audit:list")
    filters = form.filters()
    audit_export_read(actor=request.user, report="audit", filters=filters)
    header = [_("Entry"), _("Time"), _("User"), _("Action"), _("Action code"), _("Object"), _("Case"),
              _("IP address")]
    return _csv_response("audit-log", header, entry_rows(audit_entry_list(actor=request.user, **filters)))


@login_required
@domain_errors
def audit_reveals(request) -> HttpResponse:
    """Who revealed which identity, when and why: the reasons given, by pseudonym, never a name."""
    require_auditor(request)
    form = RevealFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    audit_reveals_read(actor=request.user, filters=filters)
    page = Paginator(audit_reveal_list(actor=request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/reveals.html", {
        "form": form, "page_obj": page, "reveals": reveals_of(list(page.object_list))})


@login_required
@domain_errors
def audit_reveals_export(request) -> HttpResponseBase:
    require_auditor(request)
    form = RevealFilterForm(request.GET or None, actor=request.user)
    if form.is_bound and not form.is_valid():
        return _back_to_page(request, "audit:reveals")
    filters = form.filters()
    audit_export_read(actor=request.user, report="audit_reveals", filters=filters)
    header = [_("Entry"), _("Time"), _("Revealed by"), _("Identity of"), _("Reason given")]
    return _csv_response("identity-reveals", header, reveal_rows(audit_reveal_list(actor=request.user, **filters)))


@login_required
@domain_errors
def audit_suggest(request) -> HttpResponse:
    """The <option>s of references and pseudonyms starting with what was typed (the filters' htmx)."""
    require_auditor(request)
    text = (request.GET.get("person") or request.GET.get("case") or request.GET.get("q") or "")[:64]
    found = audit_suggestions(actor=request.user, text=text)
    if text.strip():
        audit_suggest_read(actor=request.user, text=text)
    return render(request, "audit/_suggestions.html", {"suggestions": found})
