"""Partial birth dates and how well two of them agree.

Why partial: a victim often knows only the year, or month and year, of birth; a clerk may
write the day and month the other way round; an age turned into a year is off by one half
of the time. Matching must use what is there without inventing the rest.

Accepted forms: "1990", "03/1990", "12/03/1990", "1990-03-12", "12-3-90", "12.03.1990",
"19900312", "12 de marzo de 1990", "marzo 1990", "março de 1990", "12 mar 1990".
Two-digit years are birth years: the most recent year not in the future
(``reference_year`` = this year by default), so "90" is 1990 and "15" is 2015.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ._text import fold

__all__ = ["PartialDate", "dates_agree", "parse_partial_date"]

# Agreement levels returned by dates_agree, highest first.
EXACT = 1.0
SWAPPED_DAY_MONTH = 0.8
SAME_MONTH_ONE_DAY_UNKNOWN = 0.7
SAME_YEAR_MONTH_UNKNOWN = 0.6
SAME_MONTH_DAY_DIFFERS = 0.4
SAME_YEAR_MONTH_DIFFERS = 0.3
YEAR_OFF_BY_ONE = 0.2
DISAGREE = 0.0

_MONTHS = {
    **dict.fromkeys(("enero", "ene", "janeiro", "jan"), 1),
    **dict.fromkeys(("febrero", "feb", "fevereiro", "fev"), 2),
    **dict.fromkeys(("marzo", "mar", "marco"), 3),
    **dict.fromkeys(("abril", "abr"), 4),
    **dict.fromkeys(("mayo", "may", "maio", "mai"), 5),
    **dict.fromkeys(("junio", "jun", "junho"), 6),
    **dict.fromkeys(("julio", "jul", "julho"), 7),
    **dict.fromkeys(("agosto", "ago"), 8),
    **dict.fromkeys(("septiembre", "setiembre", "sep", "sept", "set", "setembro"), 9),
    **dict.fromkeys(("octubre", "oct", "outubro", "out"), 10),
    **dict.fromkeys(("noviembre", "nov", "novembro"), 11),
    **dict.fromkeys(("diciembre", "dic", "dezembro", "dez"), 12),
}
_FILLER = frozenset({"de", "del", "do", "of"})
_PARTS = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """Known parts of a date; ``swapped_candidate`` = (year, month, day) read the other way."""

    year: int | None
    month: int | None
    day: int | None
    swapped_candidate: tuple[int, int, int] | None = None

    @property
    def is_empty(self) -> bool:
        return self.year is None

    @property
    def is_complete(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None


EMPTY = PartialDate(None, None, None, None)


def parse_partial_date(
    raw: str | dt.date | None, *, dayfirst: bool = True, reference_year: int | None = None
) -> PartialDate:
    """Parse what is known of a date; unknown or impossible input gives an empty PartialDate."""
    if raw is None:
        return EMPTY
    if isinstance(raw, dt.date):
        return PartialDate(raw.year, raw.month, raw.day, None)
    return _parse_cached(raw, dayfirst, reference_year or dt.date.today().year)


# The forms registers write almost every date in ("14/03/1990", "1990-03-14", "4-3-1990"):
# read directly, with the same rules as the general reading below (a test holds them equal).
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


@lru_cache(maxsize=1 << 16)
def _parse_cached(raw: str, dayfirst: bool, reference_year: int) -> PartialDate:
    """Why a shortcut: a batch reads a hundred thousand distinct dates, nearly all in the
    two forms above; the general reading (fold, split, filler words, month names) costs
    several times more for the same answer."""
    found = _DAY_MONTH_YEAR.fullmatch(raw)
    if found:
        first, second, year = int(found[1]), int(found[2]), int(found[3])
        return _with_swap(year, second, first) if dayfirst else _with_swap(year, first, second)
    found = _ISO.fullmatch(raw)
    if found:
        return _checked(int(found[1]), int(found[2]), int(found[3]))
    return _parse_general(raw, dayfirst, reference_year)


def _parse_general(raw: str, dayfirst: bool, reference_year: int) -> PartialDate:
    parts = _PARTS.findall(fold(raw))
    parts = [part for part in parts if part not in _FILLER]
    if not parts:
        return EMPTY
    month_words = [i for i, part in enumerate(parts) if part.isalpha()]
    if month_words:
        if len(month_words) != 1 or parts[month_words[0]] not in _MONTHS:
            return EMPTY
        month = _MONTHS[parts[month_words[0]]]
        numbers = [part for part in parts if part.isdigit()]
        if len(numbers) == 1:
            return _checked(_year(numbers[0], reference_year), month, None)
        if len(numbers) == 2:
            day, year = (numbers if len(numbers[1]) >= len(numbers[0]) else numbers[::-1])
            return _checked(_year(year, reference_year), month, int(day))
        return EMPTY
    if len(parts) == 1:
        return _single_number(parts[0], dayfirst, reference_year)
    if len(parts) == 2:  # month and a 4-digit year; "12/03" is a day and month without year
        if len(parts[1]) == 4 and len(parts[0]) <= 2:
            return _checked(int(parts[1]), int(parts[0]), None)
        if len(parts[0]) == 4 and len(parts[1]) <= 2:
            return _checked(int(parts[0]), int(parts[1]), None)
        return EMPTY
    if len(parts) == 3:
        if len(parts[0]) == 4:  # ISO order, never read as swapped
            return _checked(int(parts[0]), int(parts[1]), int(parts[2]))
        first, second, year_text = parts
        year = _year(year_text, reference_year)
        day, month = (int(first), int(second)) if dayfirst else (int(second), int(first))
        return _with_swap(year, month, day)
    return EMPTY


def _single_number(text: str, dayfirst: bool, reference_year: int) -> PartialDate:
    if len(text) == 4:
        return _checked(int(text), None, None)
    if len(text) == 8:
        year_first = _checked(int(text[:4]), int(text[4:6]), int(text[6:]))  # 19900312
        # "19091949" and "20101948" start like years but are day, month, year: year first
        # only when that reading is a whole real date or the day-first one is not.
        if year_first.day is not None or not 1800 <= int(text[4:]) <= 2100:
            return year_first if 1800 <= int(text[:4]) <= 2100 else EMPTY
        first, second, year = int(text[:2]), int(text[2:4]), int(text[4:])  # 12031990
        day, month = (first, second) if dayfirst else (second, first)
        return _with_swap(year, month, day)
    return EMPTY


def _year(text: str, reference_year: int) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        value = 2000 + int(text)
        return value if value <= reference_year else value - 100
    return None


def _with_swap(year: int | None, month: int, day: int) -> PartialDate:
    """Read day/month as written; if impossible, the other way; flag when both readings work."""
    parsed = _checked(year, month, day)
    if parsed.day is None and month != day:
        swapped = _checked(year, day, month)
        if swapped.day is not None:
            return swapped
    if parsed.year is not None and parsed.day is not None and month != day and month <= 12 and day <= 12:
        return PartialDate(parsed.year, parsed.month, parsed.day, (parsed.year, day, month))
    return parsed


def _checked(year: int | None, month: int | None, day: int | None) -> PartialDate:
    """Keep only the parts that make a real date: a bad day keeps year and month."""
    if year is None or not 1800 <= year <= 2200:
        return EMPTY
    if month is None or not 1 <= month <= 12:
        return PartialDate(year, None, None, None)
    if day is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return PartialDate(year, month, None, None)
    return PartialDate(year, month, day, None)


def dates_agree(a: PartialDate | str | None, b: PartialDate | str | None) -> float:
    """How well two (partial) dates agree, from 1.0 (same day) to 0.0 (different or unknown).

    0.0 also means "nothing to compare" when either side has no year: callers that weigh
    evidence should check ``is_empty`` and treat that case as missing, not as disagreement.
    """
    left = a if isinstance(a, PartialDate) else parse_partial_date(a)
    right = b if isinstance(b, PartialDate) else parse_partial_date(b)
    if left.year is None or right.year is None:
        return DISAGREE
    if left.year != right.year:
        only_years = left.month is None or right.month is None
        return YEAR_OFF_BY_ONE if abs(left.year - right.year) == 1 and only_years else DISAGREE
    if left.month is None or right.month is None:
        return SAME_YEAR_MONTH_UNKNOWN
    if left.month == right.month:
        if left.day is None or right.day is None:
            return SAME_MONTH_ONE_DAY_UNKNOWN
        return EXACT if left.day == right.day else SAME_MONTH_DAY_DIFFERS
    if left.day is not None and right.day is not None and (left.month, left.day) == (right.day, right.month):
        return SWAPPED_DAY_MONTH
    return SAME_YEAR_MONTH_DIFFERS
