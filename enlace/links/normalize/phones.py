"""Phone numbers to E.164 with Google's ``phonenumbers`` metadata.

Why: the same number is written "+591 7 123-4567", "0059171234567", "71234567" or
"591 71234567" in different records. Parsing rules, national prefixes and which ranges are
mobiles per country (Bolivia 8 digits from 6/7, Colombia 10 from 3, Peru 9 from 9,
Guatemala +502, Argentina's mobile "9" and local "15") all come from phonenumbers; this
module only cleans the noise clerks add around numbers and decides which reading to keep.

* A number without a country code is read in ``default_region``: the country of the
  institution that recorded it.
* A leading "00" is read as the international prefix first ("0059171234567" from Colombia
  means Bolivia, although Colombia's own carrier prefixes start with 00 too); only if that
  reading is not a valid number is the region's own dialling rule tried.
* ``match_key`` drops Argentina's mobile "9" after +54, because people write their mobile
  both ways and an Argentine range is either mobile or fixed, never both.
* Invalid input gives ``e164=None, valid=False``; this function never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

__all__ = ["PhoneResult", "normalize_phone", "normalize_phones"]

_EXTENSION = re.compile(r"\b(?:ext|extension|anexo|int|interno)\b.*$", re.IGNORECASE)
_NOT_DIAL = re.compile(r"[^\d+]")
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_SEVERAL = re.compile(r"\s*(?:/|;|\||,|\bo\b|\by\b|\bou\b|\be\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """E.164 form (None when not a valid number) and the region it belongs to."""

    e164: str | None
    region: str | None
    valid: bool
    raw: str
    match_key: str | None = None
    is_mobile: bool | None = None


def normalize_phone(raw: str | None, *, default_region: str = "BO") -> PhoneResult:
    """Normalise one phone number as written in a record."""
    return _normalize_cached(raw or "", (default_region or "BO").upper())


def normalize_phones(raw: str | None, *, default_region: str = "BO") -> tuple[PhoneResult, ...]:
    """Several numbers in one field ("71234567 / 76543210", "71234567 o 22123456")."""
    parts = [part for part in _SEVERAL.split(raw or "") if part and part.strip()]
    return tuple(normalize_phone(part, default_region=default_region) for part in parts)


@lru_cache(maxsize=1 << 17)
def _normalize_cached(raw: str, region: str) -> PhoneResult:
    dial = _NOT_DIAL.sub("", _EXTENSION.sub("", raw))
    if dial.startswith("+"):
        candidates = ["+" + dial[1:].replace("+", "")]
    else:
        dial = dial.replace("+", "")
        candidates = ["+" + dial[2:], dial] if dial.startswith("00") else [dial]
    for candidate in candidates:
        number = _parse(candidate, region)
        if number is None:
            continue
        # Same test as phonenumbers.is_valid_number (region known and type not UNKNOWN),
        # done once instead of twice: number_type is the costly part and we need it anyway.
        number_region = phonenumbers.region_code_for_number(number)
        number_type = phonenumbers.number_type(number) if number_region else PhoneNumberType.UNKNOWN
        if number_type != PhoneNumberType.UNKNOWN:
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            return PhoneResult(
                e164=e164,
                region=number_region,
                valid=True,
                raw=raw,
                match_key=_match_key(e164),
                is_mobile=number_type in _MOBILE_TYPES,
            )
    return PhoneResult(e164=None, region=None, valid=False, raw=raw)


def _parse(candidate: str, region: str) -> phonenumbers.PhoneNumber | None:
    if len(candidate.lstrip("+")) < 5:
        return None
    try:
        return phonenumbers.parse(candidate, region)
    except NumberParseException:
        return None


def _match_key(e164: str) -> str:
    """E.164 with Argentina's mobile "9" dropped (+5491112345678 -> +541112345678)."""
    if e164.startswith("+549"):
        return "+54" + e164[4:]
    return e164
