"""Countries and subdivisions; municipalities from the DB.

Country codes come from pycountry (ISO 3166); their names come from CLDR through Babel, in the
user's language, and are sorted with the Unicode Collation Algorithm as tailored for that language
(ICU), because pycountry's translated catalogues are incomplete and misspelt ("Surinám", "Tunez")
and servers often have no system locales for ``locale.strcoll``. CLDR has no subdivision names in
Babel or ICU, so the departments, provinces, regions and states of the countries Enlace works in come
from a reviewed table (``data/subdivisions.csv``, in es, en and pt), pycountry's (local-language)
names only for other countries; they are sorted with the same collator.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import icu
import pycountry
from babel import Locale, UnknownLocaleError
from django.db.models import QuerySet
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from .models import Municipality

# Short department codes used in pseudonyms (V-LPZ-0042) and Bolivian ID suffixes.
SUBDIVISION_SHORT = {
    "BO-L": "LPZ", "BO-C": "CBB", "BO-S": "SCZ", "BO-O": "ORU", "BO-P": "PTS", "BO-T": "TJA",
    "BO-H": "CHQ", "BO-B": "BEN", "BO-N": "PDO",
}


@lru_cache(maxsize=8)
def _territories(lang: str) -> dict[str, str]:
    """CLDR's country names in a language (its base language, then English, when unknown)."""
    for candidate in (lang, lang.split("_")[0], "en"):
        try:
            return dict(Locale.parse(candidate).territories)
        except (UnknownLocaleError, ValueError):
            continue
    return {}


@lru_cache(maxsize=8)
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(lang))


def _lang() -> str:
    return to_locale(get_language() or "en")


def country_name(code: str | None) -> str:
    if not code:
        return ""
    c = pycountry.countries.get(alpha_2=code.upper())
    if c is None:
        return code
    return _territories(_lang()).get(c.alpha_2) or getattr(c, "common_name", None) or c.name


def sort_key_for_language() -> Callable[[str], bytes]:
    """A sort key for names in the user's language (accents and case ordered as that language does)."""
    return _collator(_lang()).getSortKey


def country_choices() -> list[tuple[str, str]]:
    key = sort_key_for_language()
    return sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda x: key(x[1]))


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


SUBDIVISION_TABLE = Path(__file__).parent / "data" / "subdivisions.csv"


@lru_cache(maxsize=1)
def _reviewed_names() -> dict[str, dict[str, str]]:
    """code -> {language: name} for the countries of the domain (see data/README.md for the sources)."""
    with SUBDIVISION_TABLE.open(encoding="utf-8", newline="") as f:
        return {row.pop("code"): row for row in csv.DictReader(f)}


def _subdivision_label(code: str, fallback: str, lang: str) -> str:
    names = _reviewed_names().get(code)
    if not names:
        return fallback
    return names.get(lang) or names.get(lang.split("_")[0]) or names["es"]


@lru_cache(maxsize=1024)  # every country in each of the three languages
def _subdivisions(country: str, lang: str) -> tuple[tuple[str, str], ...]:
    subs = pycountry.subdivisions.get(country_code=country.upper()) or []
    key = _collator(lang).getSortKey
    named = ((s.code, _subdivision_label(s.code, s.name, lang)) for s in subs if s.parent_code is None)
    return tuple(sorted(named, key=lambda x: key(x[1])))


def subdivision_choices(country: str) -> list[tuple[str, str]]:
    """The country's first-level divisions in the user's language, sorted as that language sorts."""
    return list(_subdivisions(country, _lang()))


@lru_cache(maxsize=8)
def _subdivision_table(lang: str) -> dict[str, list[tuple[str, str]]]:
    table = {c.alpha_2: list(_subdivisions(c.alpha_2, lang)) for c in pycountry.countries}
    return {country: rows for country, rows in table.items() if rows}


def subdivision_table() -> dict[str, list[tuple[str, str]]]:
    """Every country's first-level divisions, as :func:`subdivision_choices` gives them, keyed by
    country code (countries without divisions left out): for a page that must follow a country
    picker without asking the server (the offline screening form)."""
    return _subdivision_table(_lang())


def subdivision_name(code: str | None) -> str:
    if not code:
        return ""
    s = pycountry.subdivisions.get(code=code)
    return _subdivision_label(s.code, s.name, _lang()) if s else code


def is_subdivision_of(code: str, country: str) -> bool:
    return any(c == code for c, _ in _subdivisions(country, "en"))


def place_errors(*, country: str, subdivision: str = "", municipality: Municipality | None = None) -> dict[str, str]:
    """Field errors of a place: a known country, a department of it, a municipality of that department.

    One rule for every place the apps record (case places, screenings, the service directory).
    """
    errors = {}
    if not is_country(country):
        errors["country"] = _("Choose a country.")
    elif subdivision and not is_subdivision_of(subdivision, country.upper()):
        errors["subdivision"] = _("This department is not in the chosen country.")
    if municipality is not None and municipality.subdivision != subdivision:
        errors["municipality"] = _("This municipality is not in the chosen department.")
    return errors


def subdivision_short(code: str | None) -> str:
    if not code:
        return "XX"
    return SUBDIVISION_SHORT.get(code, code.split("-")[-1][:3].upper())


def municipality_list(*, subdivision: str = "", country: str = "") -> QuerySet[Municipality]:
    qs = Municipality.objects.all()
    if subdivision:
        qs = qs.filter(subdivision=subdivision)
    if country:
        qs = qs.filter(country=country)
    return qs


def municipality_table() -> dict[str, list[tuple[int, str, str]]]:
    """Every municipality as (id, name, department code), keyed by country code, sorted by
    department and name: the offline form's municipality picker follows the department chosen."""
    table: dict[str, list[tuple[int, str, str]]] = {}
    for pk, name, country, subdivision in municipality_list().order_by("country", "subdivision", "name").values_list(
            "pk", "name", "country", "subdivision"):
        table.setdefault(country, []).append((pk, name, subdivision))
    return table
