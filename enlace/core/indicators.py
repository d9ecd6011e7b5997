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
events as the small-cell threshold. A share indicator (trained staff among all staff) is
published as a percentage per category under the same threshold.
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
    # (child, parent) dimensions published nested: the child's table for one category of the
    # parent (a department's teams), whose total row is that category's row of the parent's table.
    nested: tuple[tuple[str, str], ...] = ()


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


class Share(NamedTuple):
    """A group of people counted at a date (the end of the year, or today in the current year) and
    how many of them meet the indicator's condition (trained, for instance)."""

    categories: dict[str, str]
    members: int
    meeting: int


@dataclass(frozen=True)
class ShareIndicator:
    """A share (trained staff among all staff…) per category, at the end of the year. Published
    only where a category has at least as many members as the small-cell threshold, and its
    count meeting the condition is itself shown only when neither it nor the rest is a small cell."""

    key: str
    title: Any
    definition: Any
    source: Any
    dimension: str
    shares: Callable[[Scope, int], Iterable[Share]]
    order: int
    kind: str = "share"


_dimensions: dict[str, Dimension] = {}
_indicators: dict[str, Indicator | DurationIndicator | ShareIndicator] = {}


def register_dimension(key: str, *, label: Any, label_of: Callable[[str], str]) -> None:
    _dimensions[key] = Dimension(key=key, label=label, label_of=label_of)


def register_indicator(indicator: Indicator | DurationIndicator | ShareIndicator) -> None:
    """Add (or replace, so a repeated ``ready()`` is harmless) an indicator of the dashboard.

    Its dimensions may be registered later (the shared ones, sex or department, are registered by
    the monitoring app, whose ``ready()`` may run after the app adding the indicator); they are
    checked when the indicators are read."""
    _indicators[indicator.key] = indicator


def _dimensions_of(indicator: Indicator | DurationIndicator | ShareIndicator) -> tuple[str, ...]:
    if isinstance(indicator, Indicator):
        return indicator.dimensions + tuple(child for child, _parent in indicator.nested)
    return (indicator.dimension,)


def dimension(key: str) -> Dimension:
    return _dimensions[key]


def indicators() -> list[Indicator | DurationIndicator | ShareIndicator]:
    """Every registered indicator in its order; one naming a dimension nobody registered is an error."""
    for found in _indicators.values():
        unknown = [d for d in _dimensions_of(found) if d not in _dimensions]
        if unknown:
            raise ValueError(f"unknown dimensions {unknown} for indicator {found.key}")
    return sorted(_indicators.values(), key=lambda i: (i.order, i.key))


def indicator(key: str) -> Indicator | DurationIndicator | ShareIndicator:
    return _indicators[key]


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3


# ---------------------------------------------------------------- offenders for national statistics

@dataclass(frozen=True)
class OffenderCount:
    """Persons of one stage of the criminal process for UNODC's return (GLOTIP), from the app that
    records that stage: ``records(year)`` yields one ``{"gender", "citizenship"}`` per person, the
    year they first reached the stage (persons convicted: the prosecution app's judgments)."""

    key: str
    indicator: str  # UNODC's name, in English as UNODC publishes it
    records: Callable[[int], Iterable[dict[str, str]]]
    order: int


_offender_counts: dict[str, OffenderCount] = {}


def register_offender_count(count: OffenderCount) -> None:
    _offender_counts[count.key] = count


def offender_counts() -> list[OffenderCount]:
    return sorted(_offender_counts.values(), key=lambda c: (c.order, c.key))
