"""Partial birth dates and their agreement levels."""

import datetime as dt

import pytest

from enlace.normalize import PartialDate, dates_agree, parse_partial_date
from enlace.normalize.dates import (
    EXACT,
    SAME_MONTH_DAY_DIFFERS,
    SAME_MONTH_ONE_DAY_UNKNOWN,
    SAME_YEAR_MONTH_DIFFERS,
    SAME_YEAR_MONTH_UNKNOWN,
    SWAPPED_DAY_MONTH,
    YEAR_OFF_BY_ONE,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1990", PartialDate(1990, None, None, None)),
        ("03/1990", PartialDate(1990, 3, None, None)),
        ("1990/03", PartialDate(1990, 3, None, None)),
        ("12/03/1990", PartialDate(1990, 3, 12, (1990, 12, 3))),
        ("1990-03-12", PartialDate(1990, 3, 12, None)),
        ("12-3-90", PartialDate(1990, 3, 12, (1990, 12, 3))),
        ("12.03.1990", PartialDate(1990, 3, 12, (1990, 12, 3))),
        ("25/12/1990", PartialDate(1990, 12, 25, None)),
        ("12/25/1990", PartialDate(1990, 12, 25, None)),
        ("05/05/1990", PartialDate(1990, 5, 5, None)),
        ("12 de marzo de 1990", PartialDate(1990, 3, 12, None)),
        ("marzo 1990", PartialDate(1990, 3, None, None)),
        ("março 1990", PartialDate(1990, 3, None, None)),
        ("12 de março de 1990", PartialDate(1990, 3, 12, None)),
        ("12 SET 1990", PartialDate(1990, 9, 12, None)),
        ("19900312", PartialDate(1990, 3, 12, None)),
        # Day, month, year without separators, though the first four digits look like a year.
        ("19091949", PartialDate(1949, 9, 19, None)),
        ("20101948", PartialDate(1948, 10, 20, None)),
        ("19901312", PartialDate(1990, None, None, None)),
        ("31/02/1990", PartialDate(1990, 2, None, None)),
        ("00/00/1990", PartialDate(1990, None, None, None)),
        ("", PartialDate(None, None, None, None)),
        ("no sabe", PartialDate(None, None, None, None)),
        ("12/03", PartialDate(None, None, None, None)),
    ],
)
def test_parse_partial_date(raw, expected):
    assert parse_partial_date(raw, reference_year=2025) == expected


def test_two_digit_years_pivot_on_reference_year():
    assert parse_partial_date("5/6/15", reference_year=2025) == PartialDate(2015, 6, 5, (2015, 5, 6))
    assert parse_partial_date("5/6/30", reference_year=2025).year == 1930
    assert parse_partial_date("5/6/25", reference_year=2025).year == 2025


def test_month_first_reading():
    assert parse_partial_date("03/12/1990", dayfirst=False) == PartialDate(1990, 3, 12, (1990, 12, 3))


def test_none_and_date_objects():
    assert parse_partial_date(None).is_empty
    assert parse_partial_date(dt.date(1990, 3, 12)) == PartialDate(1990, 3, 12, None)


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("12/03/1990", "1990-03-12", EXACT),
        ("12/03/1990", "03/12/1990", SWAPPED_DAY_MONTH),
        ("12/03/1990", "03/1990", SAME_MONTH_ONE_DAY_UNKNOWN),
        ("12/03/1990", "1990", SAME_YEAR_MONTH_UNKNOWN),
        ("12/03/1990", "15/03/1990", SAME_MONTH_DAY_DIFFERS),
        ("12/03/1990", "12/07/1990", SAME_YEAR_MONTH_DIFFERS),
        ("1989", "1990", YEAR_OFF_BY_ONE),
        ("12/03/1989", "12/03/1990", 0.0),
        ("1985", "1990", 0.0),
        (None, "1990", 0.0),
    ],
)
def test_dates_agree_levels(a, b, score):
    assert dates_agree(a, b) == score
    assert dates_agree(b, a) == score


def test_levels_are_ordered():
    levels = [EXACT, SWAPPED_DAY_MONTH, SAME_MONTH_ONE_DAY_UNKNOWN, SAME_YEAR_MONTH_UNKNOWN,
              SAME_MONTH_DAY_DIFFERS, SAME_YEAR_MONTH_DIFFERS, YEAR_OFF_BY_ONE]
    assert levels == sorted(levels, reverse=True)


def test_common_forms_take_the_shortcut_with_the_same_result():
    """The direct reading of "d/m/yyyy" and "yyyy-m-d" must answer as the general one,
    impossible days and months, both orders and every separator included."""
    import random

    from enlace.normalize import dates as dates_module

    rng = random.Random(11)
    seen = 0
    for _ in range(6000):
        day, month, year = rng.randrange(0, 40), rng.randrange(0, 16), rng.choice([1799, 1900, 1990, 2000, 2024, 2201])
        sep = rng.choice("/.-")
        for raw in (f"{day}{sep}{month}{sep}{year}", f"{day:02d}{sep}{month:02d}{sep}{year}",
                    f"{year}-{month:02d}-{day:02d}", f"{year}-{month}-{day}", f"{year}{sep}{month}{sep}{day} "):
            for dayfirst in (True, False):
                expected = dates_module._parse_general(raw, dayfirst, 2026)
                assert dates_module._parse_cached.__wrapped__(raw, dayfirst, 2026) == expected, raw
                seen += 1
    assert seen == 60000
