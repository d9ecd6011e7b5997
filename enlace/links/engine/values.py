"""Per-value normalisers for identifiers, dates and countries (the reference rules).

prepare.py applies them once per distinct value, or, for phones and documents, through
Arrow kernels that tests hold to these same functions.
"""

from __future__ import annotations

import re

from .text import clean_text, strip_accents

# country -> (calling code, national significant number lengths, trunk prefix)
PHONE_PLANS: dict[str, tuple[str, tuple[int, ...], str]] = {
    "BO": ("591", (8,), "0"), "PE": ("51", (9, 8), "0"), "CO": ("57", (10, 8), "0"),
    "GT": ("502", (8,), ""), "AR": ("54", (10, 11), "0"), "CL": ("56", (9,), "0"),
    "PY": ("595", (9,), "0"), "BR": ("55", (10, 11), "0"), "EC": ("593", (9, 8), "0"),
    "MX": ("52", (10,), ""), "SV": ("503", (8,), ""), "HN": ("504", (8,), ""),
    "US": ("1", (10,), "1"), "ES": ("34", (9,), ""), "VE": ("58", (10,), "0"),
}
_CC_TO_LEN = {cc: lens for cc, lens, _ in PHONE_PLANS.values()}

DEPARTMENT_SUFFIXES = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BN", "PD", "PA", "BE", "EXT", "QR")
_DOC_SUFFIX = re.compile(r"^(\d{4,})(?:(?:" + "|".join(DEPARTMENT_SUFFIXES) + r")|-?\d[A-Z]|-[A-Z0-9]{1,2})?$")
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")
_DIGITS = re.compile(r"\D")
_DATE_SPLIT = re.compile(r"[/\-. ]+")

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


def normalize_phone_value(raw: str, region: str) -> str:
    """E.164 for one raw phone; region is used only when no country code is written."""
    raw = raw.strip()
    intl = raw.startswith("+")
    digits = _DIGITS.sub("", raw)
    if not digits:
        return ""
    if digits.startswith("00"):
        digits, intl = digits[2:], True
    if intl:
        return "+" + digits
    for cc_len in (3, 2, 1):
        cc = digits[:cc_len]
        lens = _CC_TO_LEN.get(cc)
        if lens and len(digits) - cc_len in lens and len(digits) > max(lens):
            return "+" + digits
    cc, lens, trunk = PHONE_PLANS.get(region, ("", (), ""))
    if trunk and digits.startswith(trunk) and len(digits) - len(trunk) in lens:
        digits = digits[len(trunk):]
    return "+" + cc + digits if cc else digits


def normalize_document_value(raw: str) -> str:
    """Document core: upper-case, no dots/spaces/dashes, Bolivian department suffix dropped."""
    text = _DOC_CLEAN.sub("", clean_upper(raw))
    match = _DOC_SUFFIX.match(text)
    return match.group(1) if match else text


def clean_upper(raw: str) -> str:
    return strip_accents(raw).upper()


def parse_date_value(raw: str) -> tuple[int, int, int]:
    """(year, month, day) with 0 for unknown parts; dd/mm/yyyy is the regional default.

    A first part above 12 is a day; a second part above 12 means the writer used mm/dd, so
    the two are swapped back. Impossible values keep only the year.
    """
    text = raw.strip()
    if not text:
        return 0, 0, 0
    parts = [p for p in _DATE_SPLIT.split(text) if p]
    if len(parts) == 1:
        p = _DIGITS.sub("", parts[0])
        if len(p) == 4:
            return _year(p), 0, 0
        if len(p) == 8:
            if 1800 <= int(p[:4]) <= 2100:
                return _valid(int(p[:4]), int(p[4:6]), int(p[6:8]))
            return _valid(int(p[4:]), int(p[2:4]), int(p[:2]))
        return 0, 0, 0
    parts = [_DIGITS.sub("", p) for p in parts]
    if any(not p for p in parts):
        return 0, 0, 0
    if len(parts) == 2:  # mm/yyyy
        return (_year(parts[1]), int(parts[0]) if 1 <= int(parts[0]) <= 12 else 0, 0)
    a, b, c = parts[:3]
    if len(a) == 4:
        return _valid(int(a), int(b), int(c))
    day, month = int(a), int(b)
    if month > 12 and day <= 12:
        day, month = month, day
    return _valid(_year(c), month, day)


def _year(text: str) -> int:
    year = int(text) if text.isdigit() else 0
    if 0 <= year < 100:
        year += 1900 if year > 30 else 2000
    return year if 1850 <= year <= 2100 else 0


def _valid(year: int, month: int, day: int) -> tuple[int, int, int]:
    if not (1850 <= year <= 2100):
        return 0, 0, 0
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return year, 0, 0
    return year, month, day


def normalize_country_value(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    if text in _DEMONYMS:
        return _DEMONYMS[text]
    if len(text) == 2:
        return text.upper()
    return text.upper()[:3]
