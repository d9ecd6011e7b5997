"""National statistics for a year in UNODC's long format: GLOTIP tables and SDG 16.2.2.

A victim is *detected* in the year their status was first recorded as presumed or identified. Each
GLOTIP table is a two-way table with its totals (victims: sex, form of exploitation or citizenship
by age group; offenders: sex by citizenship), so the published version is suppressed exactly like
the dashboard's tables. The official return carries the exact counts. Persons convicted come from
the app that records judgments (registered through ``core.indicators.register_offender_count``);
without it they are listed as missing rather than reported as zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pycountry
from django.conf import settings

from enlace.cases.vocabulary import ExploitationForm
from enlace.core import indicators as registry

from .microdata import offences_recorded, offender_records, victim_records
from .models import PopulationFigure
from .suppression import Table, suppress
from .vocabulary import MULTIPLE, UNKNOWN

COLUMNS = ("Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age",
           "Year", "Unit of measurement", "VALUE")
SEX = {"F": "Female", "M": "Male", "X": "Other", "U": "Unknown"}
AGE = {"child": "Child", "adult": "Adult", UNKNOWN: "Unknown"}
AGE_ORDER = ("child", "adult", UNKNOWN)
VICTIMS = "Detected trafficking victims"
def missing() -> list[str]:
    """UNODC's figures that nothing in this installation records (listed, never reported as 0)."""
    if any(c.key == "convicted" for c in registry.offender_counts()):
        return []
    return ["Persons convicted (convictions are not recorded in Enlace)"]


@dataclass(frozen=True)
class LongRow:
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    unit: str
    exact: float
    published: str

    def values(self, country: dict[str, str], year: int, *, official: bool) -> list[str | int | float]:
        value: str | int | float = self.exact if official else self.published
        if official and float(self.exact).is_integer():
            value = int(self.exact)
        return [country["iso3"], country["name"], country["region"], country["subregion"], self.indicator,
                self.dimension, self.category, self.sex, self.age, year, self.unit, value]


def country_info() -> dict[str, str]:
    code = getattr(settings, "ENLACE_DEFAULT_COUNTRY", "BO")
    found = pycountry.countries.get(alpha_2=code)
    return {"iso2": code, "iso3": found.alpha_3 if found else code, "name": found.name if found else code,
            "region": getattr(settings, "ENLACE_UNODC_REGION", "Americas"),
            "subregion": getattr(settings, "ENLACE_UNODC_SUBREGION", "Latin America and the Caribbean")}


def _country_label(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code) if code != UNKNOWN else None
    return found.name if found else "Unknown"


def _form_label(code: str) -> str:
    return {MULTIPLE: "Several forms", UNKNOWN: "Unknown"}.get(code) or str(ExploitationForm(code).label)


def _two_way(records: list[dict[str, str]], row_key: str, col_key: str, col_order: tuple[str, ...],
             threshold: int) -> tuple[list[str], list[str], Table]:
    counts = Counter((r[row_key], r[col_key]) for r in records)
    rows = sorted({row for row, _c in counts})
    cols = [c for c in col_order if any(col == c for _r, col in counts)] or list(col_order[:1])
    table = suppress(Table(rows=rows, columns=cols, cells=[[counts[(r, c)] for c in cols] for r in rows]), threshold)
    return rows, cols, table


def _rows_of(table: Table, rows: list[str], cols: list[str], threshold: int,
             make: Callable[[str, str, int, str], LongRow]) -> list[LongRow]:
    out = []
    for r, row in enumerate([*rows, "Total"]):
        for c, col in enumerate([*cols, "Total"]):
            out.append(make(row, col, table.value(r, c), table.shown(r, c, threshold)))
    return out


ORIGIN = {"national": "Nationals", "foreign": "Foreigners", "unknown": "Unknown"}


def _origin(citizenship: str, home: str) -> str:
    if citizenship == UNKNOWN:
        return "unknown"
    return "national" if citizenship == home else "foreign"


def _offender_row(indicator: str) -> Callable[[str, str, int, str], LongRow]:
    def make(row: str, col: str, value: int, shown: str) -> LongRow:
        return LongRow(indicator, "by citizenship", ORIGIN.get(col, col), SEX.get(row, row), "Total", "Counts",
                       value, shown)
    return make


def glotip_rows(*, year: int, threshold: int) -> list[LongRow]:
    victims = list(victim_records(year=year))
    out: list[LongRow] = []
    rows, cols, table = _two_way(victims, "gender", "age_group", AGE_ORDER, threshold)
    out += _rows_of(table, rows, cols, threshold, lambda r, c, v, s: LongRow(
        VICTIMS, "Total", "Total", SEX.get(r, r) if r != "Total" else "Total", AGE.get(c, c), "Counts", v, s))
    rows, cols, table = _two_way(victims, "exploitation", "age_group", AGE_ORDER, threshold)
    out += _rows_of(table, rows, cols, threshold, lambda r, c, v, s: LongRow(
        VICTIMS, "by form of exploitation", _form_label(r) if r != "Total" else "Total", "Total", AGE.get(c, c),
        "Counts", v, s))
    rows, cols, table = _two_way(victims, "citizenship", "age_group", AGE_ORDER, threshold)
    out += _rows_of(table, rows, cols, threshold, lambda r, c, v, s: LongRow(
        VICTIMS, "by citizenship", _country_label(r) if r != "Total" else "Total", "Total", AGE.get(c, c),
        "Counts", v, s))
    home = country_info()["iso2"]
    offenders = list(offender_records(year=year))
    for role, indicator in (("suspect", "Persons brought into formal contact with the police"),
                            ("defendant", "Persons prosecuted")):
        subset = [{**o, "origin": _origin(o["citizenship"], home)} for o in offenders if o["role"] == role]
        rows, cols, table = _two_way(subset, "gender", "origin", ("national", "foreign", "unknown"), threshold)
        out += _rows_of(table, rows, cols, threshold, _offender_row(indicator))
    for count in registry.offender_counts():
        subset = [{**o, "origin": _origin(o["citizenship"], home)} for o in count.records(year)]
        rows, cols, table = _two_way(subset, "gender", "origin", ("national", "foreign", "unknown"), threshold)
        out += _rows_of(table, rows, cols, threshold, _offender_row(count.indicator))
    n = offences_recorded(year=year)
    out.append(LongRow("Offences recorded", "Total", "Trafficking in persons", "Total", "Total", "Counts", n,
                       f"<{threshold}" if 0 < n < threshold else str(n)))
    return out


def sdg_rows(*, year: int, threshold: int) -> list[LongRow]:
    """SDG 16.2.2: detected victims per 100,000 population, by sex and age group, where the population
    of the year is loaded; a rate resting on fewer than ``threshold`` victims is published as "<threshold"."""
    iso2 = country_info()["iso2"]
    population = {(p.sex, p.age_group): p.value for p in PopulationFigure.objects.filter(country=iso2, year=year)}
    victims = list(victim_records(year=year))
    out = []
    for sex in ("F", "M", "T"):
        for age in ("child", "adult", "total"):
            pop = population.get((sex, age))
            if not pop:
                continue
            n = sum(1 for v in victims if (sex == "T" or v["gender"] == sex) and (age == "total" or v["age_group"] == age))
            rate = round(n * 100_000 / pop, 3)
            out.append(LongRow("Victims of trafficking per 100,000 population (SDG 16.2.2)", "Total", "Total",
                               {"F": "Female", "M": "Male", "T": "Total"}[sex], AGE.get(age, "Total"),
                               "Rate per 100,000 population", rate, f"<{threshold}" if 0 < n < threshold else f"{rate:g}"))
    total = population.get(("T", "total"))
    if total:
        out += _sdg_by_form(victims, total, threshold)
    return out


def _sdg_by_form(victims: list[dict[str, str]], population: int, threshold: int) -> list[LongRow]:
    """The rate by form of exploitation, over the whole population (a case with several forms counts
    under "Several forms", so the rates add up to the total rate)."""
    out = []
    for form, n in sorted(Counter(v["exploitation"] for v in victims).items()):
        rate = round(n * 100_000 / population, 3)
        out.append(LongRow("Victims of trafficking per 100,000 population (SDG 16.2.2)", "by form of exploitation",
                           _form_label(form), "Total", "Total", "Rate per 100,000 population", rate,
                           f"<{threshold}" if 0 < n < threshold else f"{rate:g}"))
    return out


def population_sources(*, year: int) -> list[str]:
    iso2 = country_info()["iso2"]
    return sorted(set(PopulationFigure.objects.filter(country=iso2, year=year).values_list("source", flat=True)))
