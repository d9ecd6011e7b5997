"""The committee's pages: the dashboard (publication tables), national statistics, releases.
Thin: access, figures and suppression live in selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors
from enlace.core.idempotency import offer_form_token, one_submission

from . import selectors, services
from .exports import csv_text, xlsx_bytes
from .figures import REFRESH_MINUTES
from .national import missing, population_sources
from .selectors import QUARTERS


def _year(request: AuthenticatedRequest) -> int:
    raw = request.GET.get("year", "")
    return selectors.checked_year(int(raw) if raw.isdigit() else None)


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@domain_errors
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    year = _year(request)
    stored = selectors.figures_for(request.user, year=year)
    sections = selectors.dashboard(request.user, year=year, stored=stored)
    departments = selectors.department_choices(sections)
    department = request.GET.get("department", "")
    selected = department if department in {code for code, _label in departments} else ""
    shown = []
    for section in sections:
        tables = []
        for table in section.get("tables", ()):
            only = selected if selected and table.dimension == "department" else None
            tables.append({"table": table, "lines": table.lines(only=only), "chart": table.chart(only=only),
                           "key": f"{table.indicator.key}-{table.dimension}"})
        if selected and "tables" in section:
            for child, _parent in section["indicator"].nested:
                table = selectors.nested_table(request.user, indicator_key=section["indicator"].key, child=child,
                                               within=selected, year=year, stored=stored)
                tables.append({"table": table, "lines": table.lines(), "chart": table.chart(),
                               "key": f"{table.indicator.key}-{child}", "within": selected})
        shown.append({**section, "tables": tables})
    return render(request, "monitoring/dashboard.html", {
        "year": year, "years": selectors.years(), "sections": shown, "quarters": QUARTERS,
        "threshold": selectors.threshold(), "departments": departments, "department": selected,
        "scoped": not request.user.is_monitoring, "is_monitoring": request.user.is_monitoring,
        "computed_at": stored.computed_at, "refresh_minutes": REFRESH_MINUTES})


@login_required
@domain_errors
def table_csv(request: AuthenticatedRequest, indicator: str, dimension: str) -> HttpResponse:
    year = _year(request)
    table = selectors.count_table(request.user, indicator_key=indicator, dimension=dimension, year=year,
                                  within=request.GET.get("department", ""))
    return _download(csv_text(table.csv_rows()), f"{indicator}-{dimension}-{year}.csv", "text/csv; charset=utf-8")


@login_required
@domain_errors
def national(request: AuthenticatedRequest) -> HttpResponse:
    year = _year(request)
    rows = services.national_return(actor=request.user, year=year, official=False)
    return render(request, "monitoring/national.html", {
        "year": year, "years": selectors.years(), "header": rows[0], "rows": rows[1:], "missing": missing(),
        "sources": population_sources(year=year)})


@login_required
@domain_errors
def national_download(request: AuthenticatedRequest, version: str, fmt: str) -> HttpResponse:
    year = _year(request)
    if version not in ("official", "published") or fmt not in ("csv", "xlsx"):
        return HttpResponse(status=404)
    rows = services.national_return(actor=request.user, year=year, official=version == "official")
    name = f"glotip-{year}-{version}.{fmt}"
    if fmt == "xlsx":
        return _download(xlsx_bytes(rows, title=f"GLOTIP {year}"), name,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return _download(csv_text(rows), name, "text/csv; charset=utf-8")


@login_required
@domain_errors
def releases(request: AuthenticatedRequest, *, status: int = 200) -> HttpResponse:
    offer_form_token(request)
    items = selectors.release_list(request.user)
    return render(request, "monitoring/releases.html", {
        "releases": items, "budget": services.budget(), "default_k": 11,
        "pending": selectors.release_runs_pending(request.user)}, status=status)


@login_required
@require_POST
@domain_errors
@one_submission
def release_create(request: AuthenticatedRequest) -> HttpResponse:
    """A release spends privacy budget: a double tap or Back and resubmit must not make it twice
    (``one_submission``); refused parameters come back on the page (400), to be corrected."""
    raw_k = request.POST.get("k", "11")
    try:
        run = services.release_request(actor=request.user, kind=request.POST.get("kind", ""),
                                       k=int(raw_k) if raw_k.isdigit() else 0,
                                       epsilon=request.POST.get("epsilon") or None)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return releases(request, status=400)
    messages.success(request, _("The release is being made by the worker; it appears in the list when it is ready."))
    return redirect("ops:job_detail", run_id=run.pk)


@login_required
@domain_errors
def release_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    release = selectors.release_get(request.user, release_id=pk)
    content = services.release_download(actor=request.user, release=release)
    return _download(content, release.filename, "text/csv; charset=utf-8")
