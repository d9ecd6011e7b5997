"""Reads for the committee: fixed publication tables, small cells suppressed, never a record.

Who: the monitoring role sees the whole workspace; a supervisor sees the same tables computed over
the cases, screenings and referrals of the units they supervise; everyone else is refused.
What: for a year, one table per (indicator, dimension) with the four quarters as columns and the
year as the row total. These tables are the only figures served: a filter (a department) picks
rows of a table, it never computes a new one, so no two served figures differ by a suppressed
cell (docs/statistics.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.core import indicators as registry
from enlace.core.errors import Forbidden, NotFound
from enlace.core.indicators import DurationIndicator, Indicator, Scope, ShareIndicator
from enlace.ops.models import JobKind, JobRun
from enlace.ops.selectors import job_runs_mine

from .figures import Stored, nested_key
from .models import Release
from .suppression import SECONDARY, Table, hidden_row, suppress

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
YEARS_SHOWN = 6


def threshold() -> int:
    """Cells below this are suppressed (ENLACE_MONITORING_MIN_CELL, 5 by default)."""
    return int(getattr(settings, "ENLACE_MONITORING_MIN_CELL", 5))


def can_see_dashboard(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_monitoring or user.supervised_unit_ids))


def dashboard_scope(actor: User) -> Scope:
    if actor.is_monitoring:
        return Scope()
    if actor.supervised_unit_ids:
        return Scope(unit_ids=frozenset(actor.supervised_unit_ids))
    raise Forbidden()


def require_monitoring(actor: User) -> None:
    """National statistics and releases: the monitoring role only (whole workspace)."""
    if not actor.is_monitoring:
        raise Forbidden()


def years(*, today: dt.date | None = None) -> list[int]:
    this = (today or timezone.localdate()).year
    return list(range(this, this - YEARS_SHOWN, -1))


def checked_year(year: int | None) -> int:
    if year is None:
        return timezone.localdate().year
    if year not in years():
        raise NotFound()
    return year


@dataclass
class PublishedTable:
    indicator: Indicator
    dimension: str
    year: int
    threshold: int
    codes: list[str]
    table: Table
    within: str = ""  # a nested table: the label of its parent category (the department)

    @property
    def dimension_label(self) -> str:
        label = str(registry.dimension(self.dimension).label)
        return f"{label} ({self.within})" if self.within else label

    def lines(self, *, only: str | None = None) -> list[dict]:
        """Rows as published (each cell a text); ``only`` keeps one category (a filter picks rows)."""
        out = []
        for r, code in enumerate(self.codes):
            if only is not None and code != only:
                continue
            out.append({"code": code, "label": self.table.rows[r], "cells": self._shown(r), "total": False})
        out.append({"code": "", "label": _("Total"), "cells": self._shown(self.table.total_row), "total": True})
        return out

    def _shown(self, r: int) -> list[str]:
        return [self.table.shown(r, c, self.threshold) for c in range(self.table.total_col + 1)]

    def chart(self, *, only: str | None = None) -> dict:
        """Chart data: the published year totals per category; a hidden cell is a gap, never a number."""
        labels, values = [], []
        for line in self.lines(only=only)[:-1]:
            labels.append(line["label"])
            shown = line["cells"][-1]
            values.append(int(shown) if shown.isdigit() else None)
        return {"labels": labels, "values": values, "label": str(self.indicator.title)}

    def csv_rows(self) -> list[list[str]]:
        header = [_("Indicator"), _("Dimension"), _("Category"), *QUARTERS, str(self.year)]
        rows = [header]
        for line in self.lines():
            rows.append([str(self.indicator.title), self.dimension_label, line["label"], *line["cells"]])
        return rows


def _count_indicator(key: str) -> Indicator:
    try:
        found = registry.indicator(key)
    except KeyError:
        raise NotFound() from None
    if not isinstance(found, Indicator):
        raise NotFound()
    return found


def build_table(indicator: Indicator, dimension: str, year: int, counts: Counter, minimum: int, *,
                total_row: dict[int, str] | None = None) -> PublishedTable:
    dim = registry.dimension(dimension)
    codes = sorted({code for code, _q in counts}, key=lambda code: (dim.label_of(code).casefold(), code))
    cells = [[counts[(code, q)] for q in range(4)] for code in codes]
    table = Table(rows=[dim.label_of(c) for c in codes], columns=list(QUARTERS), cells=cells)
    try:
        suppress(table, minimum, total_row=total_row)
    except ValueError:  # too few rows to hide a small cell among them: hide every cell of the table
        table.suppressed.update({p: SECONDARY for p in table.positions() if p not in table.suppressed})
    return PublishedTable(indicator=indicator, dimension=dimension, year=year, threshold=minimum,
                          codes=codes, table=table)


def figures_for(actor: User, *, year: int) -> Stored:
    """The stored figures of the actor's scope for ``year`` (computed on the spot when none are)."""
    return Stored(dashboard_scope(actor), year)


def count_tables(actor: User, *, indicator_key: str, year: int, stored: Stored | None = None) -> list[PublishedTable]:
    """The indicator's publication tables for ``year``, one per dimension, each suppressed."""
    found = _count_indicator(indicator_key)
    raw = (stored or figures_for(actor, year=year)).of(found)["counts"]
    minimum = threshold()
    tables = []
    for dim in found.dimensions:
        counts = Counter({(code, q): n for code, q, n in raw.get(dim, [])})
        tables.append(build_table(found, dim, year, counts, minimum))
    return tables


def count_table(actor: User, *, indicator_key: str, dimension: str, year: int, within: str = "") -> PublishedTable:
    """One publication table; a nested one (a department's teams) names its parent category in ``within``."""
    found = _count_indicator(indicator_key)
    if any(child == dimension for child, _parent in found.nested):
        return nested_table(actor, indicator_key=indicator_key, child=dimension, within=within, year=year)
    for table in count_tables(actor, indicator_key=indicator_key, year=year):
        if table.dimension == dimension:
            return table
    raise NotFound()


def nested_table(actor: User, *, indicator_key: str, child: str, within: str, year: int,
                 stored: Stored | None = None) -> PublishedTable:
    """The ``child`` table of one category of its parent (the teams of one department): its total row
    is that category's row of the parent's table, hidden exactly where that table hides it, so that
    the department minus its teams gives nothing away (docs/statistics.md)."""
    found = _count_indicator(indicator_key)
    parent = next((p for c, p in found.nested if c == child), None)
    if parent is None:
        raise NotFound()
    stored = stored or figures_for(actor, year=year)
    raw = stored.of(found)["counts"]
    minimum = threshold()
    parents = build_table(found, parent, year, Counter({(c, q): n for c, q, n in raw.get(parent, [])}), minimum)
    if within not in parents.codes:
        raise NotFound()
    row = parents.codes.index(within)
    prefix = f"{within}|"
    counts = Counter({(code.removeprefix(prefix), q): n for code, q, n in raw.get(nested_key(child, parent), [])
                      if code.startswith(prefix)})
    table = build_table(found, child, year, counts, minimum, total_row=hidden_row(parents.table, row))
    table.within = parents.table.rows[row]
    return table


@dataclass
class DurationRow:
    label: str
    count: str
    median: str
    p90: str


def duration_table(actor: User, *, indicator: DurationIndicator, year: int,
                   stored: Stored | None = None) -> list[DurationRow]:
    """Number, median and 90th percentile per category; a category with fewer events than the
    threshold shows only "<threshold" (a median of two cases is nearly the cases themselves)."""
    minimum = threshold()
    raw = (stored or figures_for(actor, year=year)).of(indicator)["durations"]
    label_of = registry.dimension(indicator.dimension).label_of
    rows = []
    for code, n, median, p90 in sorted(raw, key=lambda r: label_of(r[0]).casefold()):
        if n < minimum:
            rows.append(DurationRow(label_of(code), f"<{minimum}", "–", "–"))
        else:
            rows.append(DurationRow(label_of(code), str(n), f"{median:g}", f"{p90:g}"))
    return rows


@dataclass
class ShareRow:
    label: str
    members: str
    share: str


def share_table(actor: User, *, indicator: ShareIndicator, year: int, stored: Stored | None = None) -> list[ShareRow]:
    """Members and the share meeting the condition per category; a category with fewer members than
    the threshold shows only "<threshold" (a share of three people names them)."""
    minimum = threshold()
    raw = (stored or figures_for(actor, year=year)).of(indicator)["shares"]
    label_of = registry.dimension(indicator.dimension).label_of
    rows = []
    for code, members, meeting in sorted(raw, key=lambda r: label_of(r[0]).casefold()):
        if members < minimum:
            rows.append(ShareRow(label_of(code), f"<{minimum}", "–"))
        else:
            rows.append(ShareRow(label_of(code), str(members), f"{round(100 * meeting / members)} %"))
    return rows


def dashboard(actor: User, *, year: int, stored: Stored | None = None) -> list[dict]:
    """Every registered indicator's tables (counts), rows (durations) or shares for the year."""
    stored = stored or figures_for(actor, year=year)
    sections = []
    for found in registry.indicators():
        if isinstance(found, Indicator):
            sections.append({"indicator": found, "tables": count_tables(actor, indicator_key=found.key, year=year,
                                                                        stored=stored)})
        elif isinstance(found, ShareIndicator):
            sections.append({"indicator": found, "shares": share_table(actor, indicator=found, year=year,
                                                                       stored=stored)})
        else:
            sections.append({"indicator": found, "durations": duration_table(actor, indicator=found, year=year,
                                                                             stored=stored)})
    return sections


def release_list(actor: User) -> list[Release]:
    require_monitoring(actor)
    return list(Release.objects.select_related("created_by").defer("content"))


def release_runs_pending(actor: User) -> list[JobRun]:
    """The actor's own releases still being made by the worker (each links to its progress)."""
    require_monitoring(actor)
    return [r for r in job_runs_mine(actor=actor, kind=JobKind.STATISTICAL_RELEASE, limit=10) if not r.is_finished]


def release_get(actor: User, *, release_id: int) -> Release:
    if not actor.is_monitoring:
        raise NotFound()  # an object route: not allowed is answered like missing
    try:
        return Release.objects.get(pk=release_id)
    except Release.DoesNotExist:
        raise NotFound() from None


def department_choices(sections: list[dict]) -> list[tuple[str, str]]:
    """The departments that appear in the dashboard's department tables (code, label)."""
    found: dict[str, str] = {}
    for section in sections:
        for table in section.get("tables", ()):
            if table.dimension == "department":
                found.update(zip(table.codes, table.table.rows, strict=True))
    return sorted(found.items(), key=lambda item: item[1])
