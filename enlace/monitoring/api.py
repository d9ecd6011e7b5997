"""Statistics over the API (/api/v1/monitoring): the same publication tables as the dashboard
(small cells as "<5", hidden complements as "x"), national statistics in UNODC's long format, and
the data releases. The monitoring role only (supervisors get their units' tables); nothing here
names a case or a person.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import StrictIn, error_responses

from . import selectors, services
from .models import Release
from .national import COLUMNS
from .selectors import QUARTERS

router = Router(tags=["monitoring"])


class YearIn(Schema):
    year: int | None = Field(None, description="A calendar year among the last six; the current year by default.")


class LineOut(Schema):
    category: str
    label: str
    cells: list[str] = Field(..., description="Q1, Q2, Q3, Q4 and the year total, as published.")


class TableOut(Schema):
    indicator: str
    dimension: str
    year: int
    threshold: int
    columns: list[str]
    lines: list[LineOut]


def _table_out(table: selectors.PublishedTable) -> dict:
    return {"indicator": table.indicator.key, "dimension": table.dimension, "year": table.year,
            "threshold": table.threshold, "columns": [*QUARTERS, str(table.year)],
            "lines": [{"category": line["code"] or "total", "label": line["label"], "cells": line["cells"]}
                      for line in table.lines()]}


@router.get("/tables", response={200: list[TableOut], **error_responses(403, 404)}, operation_id="monitoring_tables")
def monitoring_tables(request: ApiRequest, filters: Query[YearIn]) -> list[dict]:
    """Every count indicator's publication tables for the year."""
    year = selectors.checked_year(filters.year)
    return [_table_out(t) for section in selectors.dashboard(request.auth, year=year)
            for t in section.get("tables", ())]


class NationalOut(Schema):
    year: int
    version: str
    columns: list[str]
    rows: list[list[str | int | float]]


class NationalIn(YearIn):
    version: Literal["published", "official"] = "published"


@router.get("/national", response={200: NationalOut, **error_responses(403, 404)}, operation_id="monitoring_national")
def monitoring_national(request: ApiRequest, filters: Query[NationalIn]) -> dict:
    """GLOTIP and SDG 16.2.2 rows; ``official`` gives the exact counts and is recorded in the audit log."""
    year = selectors.checked_year(filters.year)
    rows = services.national_return(actor=request.auth, year=year, official=filters.version == "official")
    return {"year": year, "version": filters.version, "columns": list(COLUMNS), "rows": rows[1:]}


class ReleaseOut(Schema):
    id: int
    kind: str
    parameters: dict
    report: dict
    records: int
    created_at: str


class ReleaseIn(StrictIn):
    kind: Literal["k-anon", "dp", "htcds"] = Field(..., description=(
        "k-anon: CTDC's layout, k-anonymised; htcds: HTCDS 2.0 fields, victims with a research consent only, "
        "k-anonymised; dp: differentially private counts (spends privacy budget)."))
    k: int = Field(11, ge=2, le=1000)
    epsilon: float | None = Field(None, gt=0, le=10)


def _release_out(r: Release) -> dict:
    return {"id": r.pk, "kind": r.kind, "parameters": r.parameters, "report": r.report, "records": r.records,
            "created_at": r.created_at.isoformat()}


@router.get("/releases", response={200: list[ReleaseOut], **error_responses(403)}, operation_id="monitoring_releases")
def monitoring_releases(request: ApiRequest) -> list[dict]:
    return [_release_out(r) for r in selectors.release_list(request.auth)]


@router.post("/releases", response={201: ReleaseOut, **error_responses(400, 403)},
             operation_id="monitoring_release_create")
def monitoring_release_create(request: ApiRequest, payload: ReleaseIn) -> Status:
    """Make a release once (a DP release spends privacy budget; refused when it would exceed it)."""
    release = services.release_create(actor=request.auth, kind=payload.kind, k=payload.k, epsilon=payload.epsilon)
    return Status(201, _release_out(release))


@router.get("/releases/{release_id}/download", response={200: None, **error_responses(404)},
            operation_id="monitoring_release_download")
def monitoring_release_download(request: ApiRequest, release_id: int) -> HttpResponse:
    """The stored CSV of a release (never computed again)."""
    release = selectors.release_get(request.auth, release_id=release_id)
    response = HttpResponse(services.release_download(actor=request.auth, release=release),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{release.filename}"'
    return response
