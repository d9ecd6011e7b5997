"""What the capacity manager's home page and the comparison chart show, assembled from the selectors."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.conf import settings

from enlace.accounts.models import User

from . import coverage, selectors


def home_panel(*, actor: User, today: dt.date) -> dict:
    """Rounds in progress, actions due in the next 30 days (overdue included), coverage gaps today."""
    groups = coverage.coverage(actor=actor, on=today)
    return {
        "rounds": list(selectors.rounds_in_progress(actor=actor)[:10]),
        "actions": list(selectors.actions_due(actor=actor, today=today)[:15]),
        "gap_groups": sorted((g for g in groups if g.gaps), key=lambda g: -g.gaps)[:10],
        "expiring": list(coverage.expiring_certificates(
            actor=actor, on=today, within_days=settings.ENLACE_CAPACITY_EXPIRY_DAYS)[:10]),
        "today": today,
    }


def comparison_chart(rows: list[selectors.ComparisonRow]) -> dict:
    """Chart.js data: areas on the axis, one series per unit, the change of the mean as the value."""
    areas = list(OrderedDict.fromkeys(r.area for r in rows))
    series: dict[str, dict[str, float | None]] = OrderedDict()
    for r in rows:
        series.setdefault(r.unit, {})[r.area] = float(r.delta) if r.delta is not None else None
    return {"labels": areas,
            "datasets": [{"label": unit, "data": [values.get(a) for a in areas]} for unit, values in series.items()]}
