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

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, NumberParseException, PhoneNumberFormat, PhoneNumberType

__all__ = [
    "PhoneResult", "international_form", "normalize_dial", "normalize_phone", "normalize_phones", "phone_dial",
    "plus_match_keys",
]

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

    What phonenumbers' parser does with digits written without "+" in a region
    (phonenumbers.parse and _maybe_extract_country_code): if they start with the region's
    international prefix, it reads a country code after it; if they start with the
    region's own calling code, it drops that code when the rest, and not the whole, fits
    the region's number pattern (or the whole is too long); otherwise the digits are the
    national number of the region. Then the region's national prefix is stripped. So a
    plain national number (digits only, at least 5, not "00...", not starting with the
    international prefix or the code) of a region that has its calling code to itself
    reads exactly as "+<code><digits>", and so do "<code><national number>" digits when
    the rest fits the pattern and the whole does not, and the rest has no national
    prefix. Anything else is returned unchanged. Callers with many numbers use it to
    normalise "71234567", "59171234567" and "+591 71234567" once, not three times;
    ``test_phones.py`` holds the readings equal.
    """
    if not (len(dial) >= 5 and dial.isascii() and dial.isdigit()) or dial.startswith("00"):
        return dial
    plan = _national_plan(region)
    if plan is None:
        return dial
    code, idd = plan
    if idd.match(dial):
        return dial
    if not dial.startswith(code):
        return f"+{code}{dial}"
    code_plan = _code_plan(int(code))
    rest = dial[len(code):]
    if code_plan is None or not rest:
        return dial
    _region, national_prefix, (general, *_types) = code_plan
    if general is None or (national_prefix is not None and national_prefix.match(rest)):
        return dial
    pattern = general[1]
    if pattern.fullmatch(rest) is not None and pattern.fullmatch(dial) is None:
        return "+" + dial
    return dial


@lru_cache(maxsize=512)
def _national_plan(region: str) -> tuple[str, re.Pattern[str]] | None:
    """(calling code, international prefix pattern) of a region with a code of its own."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.international_prefix is None or metadata.country_code is None:
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
        plain = _plain_international(candidates[0])
        if plain is not None:
            return plain if plain.raw == raw else replace(plain, raw=raw)
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


def _plain_international(candidate: str) -> PhoneResult | None:
    """The result for "+<code><number>" without phonenumbers' parser, where the code decides it.

    What ``phonenumbers.parse`` does with such a string (phonenumberutil.parse): it takes
    the shortest leading digits that are a calling code, and keeps the rest as the
    national number unless the national prefix of the code's region matches at its start,
    it is shorter than 2 or longer than 17 digits, or it starts with 0 (Italian leading
    zeros). When none of that applies, and the code belongs to a single region (not +1,
    +7, +44..., nor a non-geographic code), the parsed number is exactly (code, digits):
    only the type lookup is left, done on phonenumbers' own metadata patterns. Anything
    else returns None and goes through the parser. Several times faster, which matters
    for a million distinct numbers; ``test_phones.py`` holds it to the library.
    """
    digits = candidate[1:]
    if len(digits) < 5 or not (digits.isascii() and digits.isdigit()) or digits[0] == "0":
        return None
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    plan = _code_plan(code)
    national = digits[size:]
    if plan is None or not 2 <= len(national) <= 17 or national[0] == "0":
        return None
    region, national_prefix, types = plan
    if national_prefix is not None and national_prefix.match(national):
        return None
    number_type = _number_type(national, types)
    if number_type == PhoneNumberType.UNKNOWN:
        return PhoneResult(e164=None, region=None, valid=False, raw=candidate)
    e164 = "+" + digits
    return PhoneResult(e164=e164, region=region, valid=True, raw=candidate, match_key=_match_key(e164),
                       is_mobile=number_type in _MOBILE_TYPES)


_Desc = tuple[frozenset[int], re.Pattern[str]] | None
_Types = tuple[_Desc, tuple[tuple[int, _Desc], ...], _Desc, _Desc, bool]
# phonenumbers' _number_type_helper tries these before fixed line and mobile, in this order.
_SPECIAL_TYPES = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL),
)


@lru_cache(maxsize=512)
def _code_plan(code: int) -> tuple[str, re.Pattern[str] | None, _Types] | None:
    """(region, national prefix pattern, type patterns) of a code used by one geographic region."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    if len(regions) != 1 or regions[0] == "001":
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(regions[0], None)
    if metadata is None:
        return None
    prefix = metadata.national_prefix_for_parsing
    types = (_desc(metadata.general_desc), tuple((kind, _desc(getattr(metadata, name))) for name, kind in _SPECIAL_TYPES),
             _desc(metadata.fixed_line), _desc(metadata.mobile), bool(metadata.same_mobile_and_fixed_line_pattern))
    return regions[0], (re.compile(prefix) if prefix else None), types


def _desc(desc: phonenumbers.PhoneNumberDesc | None) -> _Desc:
    if desc is None or not desc.national_number_pattern:
        return None  # phonenumbers: never matches
    return frozenset(desc.possible_length or ()), re.compile(desc.national_number_pattern)


def _matches(national: str, desc: _Desc) -> bool:
    """phonenumbers' _is_number_matching_desc: a possible length, then the whole pattern."""
    if desc is None:
        return False
    lengths, pattern = desc
    return (not lengths or len(national) in lengths) and pattern.fullmatch(national) is not None


def _number_type(national: str, types: _Types) -> int:
    """phonenumbers' _number_type_helper on precompiled patterns (its own wrappers cost
    three times the matching itself)."""
    general, special, fixed, mobile, same_pattern = types
    if not _matches(national, general):
        return PhoneNumberType.UNKNOWN
    for kind, desc in special:
        if _matches(national, desc):
            return kind
    if _matches(national, fixed):
        if same_pattern or _matches(national, mobile):
            return PhoneNumberType.FIXED_LINE_OR_MOBILE
        return PhoneNumberType.FIXED_LINE
    if not same_pattern and _matches(national, mobile):
        return PhoneNumberType.MOBILE
    return PhoneNumberType.UNKNOWN


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


def plus_match_keys(dials: list[str], *, default_region: str = "BO") -> list[str | None]:
    """``normalize_dial(dial).match_key`` of many dial strings that start with "+", in bulk.

    Why: the batch engine has about half a million distinct numbers, nearly all of them
    "+<code><number>" forms that ``_plain_international`` decides. Its test is done here on
    whole arrays at once, one calling code at a time, with the same metadata patterns run
    by Arrow's regex engine (the patterns are plain regular expressions, so both engines
    accept the same digit strings); what it would send to the parser goes through
    ``normalize_dial`` one by one. The region does not matter for these strings.
    ``test_phones.py`` holds the result to ``normalize_dial`` and to phonenumbers.
    """
    out: list[str | None] = [None] * len(dials)
    candidates = pa.array(["+" + dial[1:].replace("+", "") for dial in dials], pa.string())
    plain = _bulk_search(candidates, r"^\+[1-9][0-9]{4,}$")
    heads = np.asarray(pc.utf8_slice_codeunits(candidates, 1, 4).to_numpy(zero_copy_only=False), dtype=object)
    head_codes, head_values = pd.factorize(heads)
    head_size = np.array([_code_size(str(head)) for head in head_values] + [0], dtype=np.int64)[head_codes]
    decided = np.zeros(len(dials), dtype=bool)
    for size in (1, 2, 3):
        rows = np.flatnonzero(plain & (head_size == size))
        codes = pd.Series(heads[rows]).str[:size].to_numpy() if rows.size else np.empty(0, object)
        for code in pd.unique(codes):
            group = rows[codes == code]
            plan = _code_plan(int(code))
            if plan is None:
                continue
            national = pc.utf8_slice_codeunits(candidates.take(pa.array(group)), 1 + size)
            done, valid = _bulk_plain(national, plan)
            for row, ok in zip(group[done], valid[done], strict=True):
                out[row] = _match_key(candidates[row].as_py()) if ok else None
            decided[group[done]] = True
    for row in np.flatnonzero(~decided):
        out[row] = normalize_dial(dials[row], default_region=default_region).match_key
    return out


def _code_size(head: str) -> int:
    """How many leading digits phonenumbers reads as the calling code (0: none)."""
    for size in (1, 2, 3):
        if len(head) >= size and int(head[:size]) in COUNTRY_CODE_TO_REGION_CODE:
            return size
    return 0


def _bulk_plain(national: pa.Array, plan: tuple[str, re.Pattern[str] | None, _Types]) -> tuple[np.ndarray, np.ndarray]:
    """(decided without the parser, valid) per national number, as ``_plain_international``."""
    _region, national_prefix, (general, special, fixed, mobile, same_pattern) = plan
    length = pc.utf8_length(national).to_numpy(zero_copy_only=False)
    done = (length >= 2) & (length <= 17) & _bulk_search(national, "^[1-9]")
    if national_prefix is not None:
        done &= ~_bulk_search(national, f"^(?:{national_prefix.pattern})")
    fixed_ok, mobile_ok = _bulk_matches(national, length, fixed), _bulk_matches(national, length, mobile)
    valid = fixed_ok | (mobile_ok & (not same_pattern))
    for _kind, desc in special:
        valid |= _bulk_matches(national, length, desc)
    return done, valid & _bulk_matches(national, length, general)


def _bulk_matches(national: pa.Array, length: np.ndarray, desc: _Desc) -> np.ndarray:
    """``_matches`` on an array: a possible length, then the whole pattern."""
    if desc is None:
        return np.zeros(len(national), dtype=bool)
    lengths, pattern = desc
    ok = np.isin(length, list(lengths)) if lengths else np.ones(len(national), dtype=bool)
    return ok & _bulk_search(national, f"^(?:{pattern.pattern})$")


def _bulk_search(values: pa.Array, pattern: str) -> np.ndarray:
    return np.asarray(pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False), dtype=bool)
