"""Nationality and country as written in a record, and sex, as comparison codes.

Why here and not in the engine: matching on save reads these from coded form fields
("BO", "F") while spreadsheets handed to the batch engine say "Boliviana" or "Masculino";
both paths must reach the same code or the same person disagrees with herself.
"""

from __future__ import annotations

from functools import lru_cache

from ._text import fold

__all__ = ["normalize_country", "normalize_sex"]

_DEMONYMS = {
    "bolivia": "BO", "boliviano": "BO", "boliviana": "BO", "bol": "BO",
    "peru": "PE", "peruano": "PE", "peruana": "PE", "per": "PE",
    "colombia": "CO", "colombiano": "CO", "colombiana": "CO", "col": "CO",
    "guatemala": "GT", "guatemalteco": "GT", "guatemalteca": "GT", "gtm": "GT",
    "argentina": "AR", "argentino": "AR", "arg": "AR", "chile": "CL", "chileno": "CL",
    "chilena": "CL", "chl": "CL", "paraguay": "PY", "paraguayo": "PY", "paraguaya": "PY",
    "pry": "PY", "brasil": "BR", "brazil": "BR", "brasileno": "BR", "brasilena": "BR",
    "bra": "BR", "ecuador": "EC", "ecuatoriano": "EC", "ecuatoriana": "EC", "ecu": "EC",
    "mexico": "MX", "mexicano": "MX", "mexicana": "MX", "mex": "MX", "venezuela": "VE",
    "venezolano": "VE", "venezolana": "VE", "ven": "VE", "honduras": "HN", "hondureno": "HN",
    "hondurena": "HN", "el salvador": "SV", "salvadoreno": "SV", "salvadorena": "SV",
}


@lru_cache(maxsize=1 << 12)
def normalize_country(raw: str | None) -> str:
    """ISO 3166 alpha-2 code for a country or demonym of the region ("Peruana" -> "PE").

    Two letters are taken as a code; anything else unknown keeps its first three letters
    upper-cased, so that two records writing the same unknown country still agree.
    """
    text = fold(raw)
    if not text:
        return ""
    if text in _DEMONYMS:
        return _DEMONYMS[text]
    return text.upper()[:3]


@lru_cache(maxsize=1 << 10)
def normalize_sex(raw: str | None) -> str:
    """"F", "M" or "" (unknown): femenino/mujer/female, masculino/hombre/varón/male."""
    text = fold(raw)
    if not text:
        return ""
    if text.startswith(("muj", "fem")):  # mujer: an "m" that is not masculino
        return "F"
    if text[0] in "mhv":  # masculino, hombre, varon, male
        return "M"
    if text[0] in "fw":  # femenino, female, woman
        return "F"
    return ""
