"""Scores per area, the SWOT matrix they suggest, and the change between two rounds.

Pure functions over plain values, so the arithmetic is tested on hand-built answers and the
same numbers reach the pages, the API and the charts.

- An area's score is the mean of its internal questions' ratings over every respondent who
  submitted (``n`` ratings, "I don't know" left out); the spread is the population standard
  deviation (0 when everyone agrees).
- Strengths and weaknesses come from internal areas at or above / at or below the round's
  thresholds; opportunities and threats from the external questions the same way.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .questionnaire import Question
from .vocabulary import Quadrant


@dataclass(frozen=True)
class Score:
    mean: Decimal | None
    n: int
    spread: Decimal | None


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_of(ratings: list[int]) -> Score:
    if not ratings:
        return Score(None, 0, None)
    return Score(_q(statistics.fmean(ratings)), len(ratings), _q(statistics.pstdev(ratings)))


def ratings_by(answers: Iterable[tuple[str, int | None]], questions: list[Question], *,
               external: bool, key: str) -> dict[str, list[int]]:
    """Ratings grouped by area (``key="area"``) or question (``key="code"``); None ratings dropped."""
    wanted = {q.code: q for q in questions if q.external == external}
    grouped: dict[str, list[int]] = defaultdict(list)
    for code, rating in answers:
        if rating is not None and code in wanted:
            grouped[getattr(wanted[code], key)].append(rating)
    return grouped


def area_scores(answers: Iterable[tuple[str, int | None]], questions: list[Question]) -> dict[str, Score]:
    """Every internal area of the template, scored (an area nobody rated has mean None, n 0)."""
    grouped = ratings_by(answers, questions, external=False, key="area")
    areas = list(dict.fromkeys(q.area for q in questions if not q.external))
    return {area: score_of(grouped.get(area, [])) for area in areas}


def external_scores(answers: Iterable[tuple[str, int | None]], questions: list[Question]) -> dict[str, Score]:
    grouped = ratings_by(answers, questions, external=True, key="code")
    return {q.code: score_of(grouped.get(q.code, [])) for q in questions if q.external}


@dataclass(frozen=True)
class Suggestion:
    quadrant: str
    area: str
    question: str
    score: Decimal


def _side(mean: Decimal | None, strength_at: Decimal, weakness_at: Decimal, high: str, low: str) -> str | None:
    if mean is None:
        return None
    if mean >= strength_at:
        return high
    if mean <= weakness_at:
        return low
    return None


def swot_suggestions(areas: dict[str, Score], externals: dict[str, Score], questions: list[Question], *,
                     strength_at: Decimal, weakness_at: Decimal) -> list[Suggestion]:
    """The matrix the answers suggest, before the workshop edits it."""
    out = []
    for area, score in areas.items():
        quadrant = _side(score.mean, strength_at, weakness_at, Quadrant.STRENGTH, Quadrant.WEAKNESS)
        if quadrant and score.mean is not None:
            out.append(Suggestion(quadrant, area, "", score.mean))
    area_of = {q.code: q.area for q in questions}
    for code, score in externals.items():
        quadrant = _side(score.mean, strength_at, weakness_at, Quadrant.OPPORTUNITY, Quadrant.THREAT)
        if quadrant and score.mean is not None:
            out.append(Suggestion(quadrant, area_of[code], code, score.mean))
    return out


@dataclass(frozen=True)
class Change:
    unit_id: int
    area: str
    before: Decimal | None
    after: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.before is None or self.after is None else self.after - self.before


def compare(before: dict[int, dict[str, Score]], after: dict[int, dict[str, Score]]) -> list[Change]:
    """Per unit assessed in both rounds and per area of either: the mean before, after, and the change."""
    changes = []
    for unit_id in sorted(set(before) & set(after)):
        areas = list(dict.fromkeys([*before[unit_id], *after[unit_id]]))
        for area in areas:
            b, a = before[unit_id].get(area), after[unit_id].get(area)
            changes.append(Change(unit_id, area, b.mean if b else None, a.mean if a else None))
    return changes
