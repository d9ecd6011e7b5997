"""The dashboard's raw figures per (scope, year), computed from the indicators and kept precomputed.

Counting every registered indicator over a year of a 100,000-case workspace takes seconds; the
committee's pages must answer in a fraction of one. So the job worker recomputes the figures of
every scope that has a dashboard (the whole workspace, each supervisor's set of units) for every
year shown, every ``REFRESH_MINUTES``, and stores them (``FigureSnapshot``); the pages read the
stored figures and say when they were computed. A scope or an indicator without stored figures
(a new supervisor, a new indicator, a fresh install) is computed on the spot, as before.

What is stored are counts before suppression: labels are translated and small cells suppressed
when a table is served, so the threshold and the language stay settings of the page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from enlace.core import indicators as registry
from enlace.core.indicators import DurationIndicator, Indicator, Scope, ShareIndicator, quarter_of

from .facts import percentile
from .models import FigureSnapshot

REFRESH_MINUTES = 15
Figures = dict[str, dict[str, Any]]


def scope_key(scope: Scope) -> str:
    return "all" if scope.everything else "units:" + ",".join(str(u) for u in sorted(scope.unit_ids or ()))


def _counts(found: Indicator, scope: Scope, year: int) -> dict[str, Any]:
    counts: dict[str, Counter] = defaultdict(Counter)
    keys = [*found.dimensions, *(nested_key(child, parent) for child, parent in found.nested)]
    for fact in found.facts(scope, year):
        q = quarter_of(fact.on)
        for dim in found.dimensions:
            counts[dim][(fact.categories.get(dim, "unknown"), q)] += 1
        for child, parent in found.nested:
            code = f"{fact.categories.get(parent, 'unknown')}|{fact.categories.get(child, 'unknown')}"
            counts[nested_key(child, parent)][(code, q)] += 1
    return {"counts": {key: [[code, q, n] for (code, q), n in counts[key].items()] for key in keys}}


def nested_key(child: str, parent: str) -> str:
    """Where a nested table's counts are kept: codes "parent|child" (a department and one of its teams)."""
    return f"{child}@{parent}"


def _durations(found: DurationIndicator, scope: Scope, year: int) -> dict[str, Any]:
    by_code: dict[str, list[int]] = defaultdict(list)
    for item in found.durations(scope, year):
        by_code[item.categories.get(found.dimension, "unknown")].append(item.days)
    return {"durations": [[code, len(days), percentile(days, 0.5), percentile(days, 0.9)]
                          for code, days in by_code.items()]}


def _shares(found: ShareIndicator, scope: Scope, year: int) -> dict[str, Any]:
    members: Counter = Counter()
    meeting: Counter = Counter()
    for item in found.shares(scope, year):
        code = item.categories.get(found.dimension, "unknown")
        members[code] += item.members
        meeting[code] += item.meeting
    return {"shares": [[code, members[code], meeting[code]] for code in members]}


def compute_one(found: Indicator | DurationIndicator | ShareIndicator, scope: Scope, year: int) -> dict[str, Any]:
    if isinstance(found, Indicator):
        return _counts(found, scope, year)
    if isinstance(found, ShareIndicator):
        return _shares(found, scope, year)
    return _durations(found, scope, year)


def compute(scope: Scope, year: int) -> Figures:
    """Every registered indicator's raw figures for the scope and year (JSON-ready)."""
    return {found.key: compute_one(found, scope, year) for found in registry.indicators()}


class Stored:
    """The figures of one scope and year: the stored ones when there are, with when they were computed."""

    def __init__(self, scope: Scope, year: int) -> None:
        self.scope, self.year = scope, year
        row = (FigureSnapshot.objects.filter(scope_key=scope_key(scope), year=year)
               .only("data", "computed_at").first())
        self.data: Figures = dict(row.data) if row else {}
        self.computed_at: dt.datetime | None = row.computed_at if row else None

    def of(self, found: Indicator | DurationIndicator | ShareIndicator) -> dict[str, Any]:
        if found.key not in self.data:
            self.data[found.key] = compute_one(found, self.scope, self.year)
        return self.data[found.key]
