"""The registry of indicators the committee's dashboard (the monitoring app) publishes.

It lives in ``core`` for the reason ``surfaces.py`` does: the apps that add indicators
(prosecution, cooperation, capacity) sit in the same layer as monitoring and may not import it.

An indicator counts events of one kind (a case reported, a victim recorded, a referral sent…)
in a calendar year, each event dated and described by categories of fixed dimensions (sex,
department, form of exploitation…). The dashboard turns each (indicator, dimension, year) into a
fixed publication table, quarters as columns, and suppresses its small cells. An app that adds
data registers its own indicators in its ``AppConfig.ready()`` with :func:`register_indicator`
(and the dimensions it needs with :func:`register_dimension`); its ``facts`` function returns
categories only, never an id, a name or free text, so nothing above the table can drill down to
a record.

A duration indicator (days from one step to another) is published as the number of events, the
median and the 90th percentile per category, and only where a category has at least as many
events as the small-cell threshold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Scope:
    """Whose events are counted: the whole workspace (``unit_ids is None``) or the cases, screenings
    and referrals of the supervisor's units."""

    unit_ids: frozenset[int] | None = None

    @property
    def everything(self) -> bool:
        return self.unit_ids is None


class Fact(NamedTuple):
    on: dt.date
    categories: dict[str, str]


class Duration(NamedTuple):
    on: dt.date  # when the measured step ended (the year it counts in)
    days: int
    categories: dict[str, str]


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Any  # lazily translated
    label_of: Callable[[str], str]


@dataclass(frozen=True)
class Indicator:
    key: str
    title: Any
    definition: Any
    source: Any
    dimensions: tuple[str, ...]
    facts: Callable[[Scope, int], Iterable[Fact]]
    order: int
    kind: str = "count"


@dataclass(frozen=True)
class DurationIndicator:
    key: str
    title: Any
    definition: Any
    source: Any
    dimension: str
    durations: Callable[[Scope, int], Iterable[Duration]]
    order: int
    kind: str = "duration"


_dimensions: dict[str, Dimension] = {}
_indicators: dict[str, Indicator | DurationIndicator] = {}


def register_dimension(key: str, *, label: Any, label_of: Callable[[str], str]) -> None:
    _dimensions[key] = Dimension(key=key, label=label, label_of=label_of)


def register_indicator(indicator: Indicator | DurationIndicator) -> None:
    """Add (or replace, so a repeated ``ready()`` is harmless) an indicator of the dashboard."""
    dims = indicator.dimensions if isinstance(indicator, Indicator) else (indicator.dimension,)
    unknown = [d for d in dims if d not in _dimensions]
    if unknown:
        raise ValueError(f"unknown dimensions {unknown} for indicator {indicator.key}")
    _indicators[indicator.key] = indicator


def dimension(key: str) -> Dimension:
    return _dimensions[key]


def indicators() -> list[Indicator | DurationIndicator]:
    return sorted(_indicators.values(), key=lambda i: (i.order, i.key))


def indicator(key: str) -> Indicator | DurationIndicator:
    return _indicators[key]


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3
