"""Countries and subdivisions from pycountry, with localised names; municipalities from the DB."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pycountry
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Municipality

# Short department codes used in pseudonyms (V-LPZ-0042) and Bolivian ID suffixes.
SUBDIVISION_SHORT = {
    "BO-L": "LPZ", "BO-C": "CBB", "BO-S": "SCZ", "BO-O": "ORU", "BO-P": "PTS", "BO-T": "TJA",
    "BO-H": "CHQ", "BO-B": "BEN", "BO-N": "PDO",
}


@lru_cache(maxsize=4)
def _translator(lang: str) -> Callable[[str], str]:
    import gettext

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


def country_name(code: str | None) -> str:
    if not code:
        return ""
    c = pycountry.countries.get(alpha_2=code.upper())
    if c is None:
        return code
    name = getattr(c, "common_name", None) or c.name
    from django.utils.translation import to_locale

    return _translator(to_locale(get_language() or "en"))(name)


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda x: x[1])


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=256)
def _subdivisions(country: str) -> tuple[tuple[str, str], ...]:
    subs = pycountry.subdivisions.get(country_code=country.upper()) or []
    return tuple(sorted(((s.code, s.name) for s in subs if s.parent_code is None), key=lambda x: x[1]))


def subdivision_choices(country: str) -> list[tuple[str, str]]:
    return list(_subdivisions(country))


def subdivision_name(code: str | None) -> str:
    if not code:
        return ""
    s = pycountry.subdivisions.get(code=code)
    return s.name if s else code


def is_subdivision_of(code: str, country: str) -> bool:
    return any(c == code for c, _ in _subdivisions(country))


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
