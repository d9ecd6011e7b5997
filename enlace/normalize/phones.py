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
from dataclasses import dataclass, replace
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

__all__ = ["PhoneResult", "international_form", "normalize_dial", "normalize_phone", "normalize_phones", "phone_dial"]

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


def phone_dial(raw: str | None) -> str:
    """What is dialled: digits and "+" only, an extension ("ext. 12", "anexo 3") dropped.

    ``normalize_phone`` depends on the raw text only through this string, so a caller with
    many numbers (the batch engine) may clean them first and normalise each distinct
    dial string once with ``normalize_dial``.
    """
    return _NOT_DIAL.sub("", _EXTENSION.sub("", raw or ""))


def normalize_dial(dial: str, *, default_region: str = "BO") -> PhoneResult:
    """``normalize_phone`` of a number already reduced by ``phone_dial`` (``raw`` = dial).

    A dial string starting with "+" does not depend on the region (phonenumbers reads
    the country code from it), so callers may share one result across regions.
    """
    return _from_dial(dial, (default_region or "BO").upper())


def international_form(dial: str, region: str) -> str:
    """The same number with its country code, when that provably normalises the same way.

    A plain national number (digits only, at least 5, not "00...") of a region that has its
    calling code to itself is parsed by phonenumbers exactly as "+<code><digits>" is (the
    code is taken from the region, then the same national-prefix rules apply), unless it
    starts with the region's international prefix or with the code itself (then
    phonenumbers may read a country code in it). Anything else is returned unchanged.
    Callers with many numbers use it to normalise "71234567" in Bolivia and
    "+591 71234567" once, not twice; a test holds the two readings equal.
    """
    if not (len(dial) >= 5 and dial.isascii() and dial.isdigit()) or dial.startswith("00"):
        return dial
    plan = _national_plan(region)
    if plan is None:
        return dial
    code, idd = plan
    if dial.startswith(code) or idd.match(dial):
        return dial
    return f"+{code}{dial}"


@lru_cache(maxsize=512)
def _national_plan(region: str) -> tuple[str, re.Pattern[str]] | None:
    """(calling code, international prefix pattern) of a region with a code of its own."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.international_prefix is None:
        return None
    if len(phonenumbers.region_codes_for_country_code(metadata.country_code)) != 1:
        return None
    return str(metadata.country_code), re.compile(metadata.international_prefix)


@lru_cache(maxsize=1 << 17)
def _normalize_cached(raw: str, region: str) -> PhoneResult:
    result = _from_dial(phone_dial(raw), region)
    return result if result.raw == raw else replace(result, raw=raw)


@lru_cache(maxsize=1 << 17)
def _from_dial(dial: str, region: str) -> PhoneResult:
    raw = dial
    if dial.startswith("+"):
        candidates = ["+" + dial[1:].replace("+", "")]
    else:
        dial = dial.replace("+", "")
        if dial.startswith("00"):
            # Read as the international prefix first, through the cache shared with "+...".
            first = _from_dial("+" + dial[2:], region)
            if first.valid:
                return replace(first, raw=raw)
        candidates = [dial]
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
