"""The case file report as a PDF download: always an attachment, never shown inline, never cached."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, session_reveals

from .pdf import render_pdf
from .selectors import case_report


@login_required
@domain_errors
def case_report_pdf(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    report = case_report(actor=request.user, case_id=case_id, reveals=session_reveals(request))
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-{report.case.pk}-report.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
