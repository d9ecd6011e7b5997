"""Phone numbers as clerks write them in Bolivia, Colombia, Peru, Guatemala and Argentina."""

import random
from dataclasses import replace

import phonenumbers
import pytest

from enlace.normalize import (
    PhoneResult,
    international_form,
    normalize_dial,
    normalize_phone,
    normalize_phones,
    phone_dial,
    plus_match_keys,
)


@pytest.mark.parametrize(
    "raw",
    ["+591 7 123-4567", "0059171234567", "71234567", "7123 4567", "71.23.45.67", "(591) 71234567",
     "591-71234567", "+591 71234567", "Cel. 71234567"],
)
def test_bolivian_mobile_written_many_ways(raw):
    result = normalize_phone(raw)
    assert (result.e164, result.region, result.valid, result.is_mobile) == ("+59171234567", "BO", True, True)
    assert result.raw == raw


def test_full_result_shape():
    assert normalize_phone("0059171234567") == PhoneResult(
        e164="+59171234567", region="BO", valid=True, raw="0059171234567", match_key="+59171234567", is_mobile=True
    )


def test_bolivian_mobile_starting_with_6_and_a_landline():
    assert normalize_phone("61234567").e164 == "+59161234567"
    landline = normalize_phone("2-2123456")
    assert (landline.e164, landline.is_mobile) == ("+59122123456", False)


@pytest.mark.parametrize(
    ("raw", "region", "e164", "number_region"),
    [
        ("300 123 4567", "CO", "+573001234567", "CO"),
        ("(300) 123-4567", "CO", "+573001234567", "CO"),
        ("+57 300 123 4567", "BO", "+573001234567", "CO"),
        ("987 654 321", "PE", "+51987654321", "PE"),
        ("+51 987-654-321", "BO", "+51987654321", "PE"),
        ("5555-1234", "GT", "+50255551234", "GT"),
        ("+502 5555 1234", "BO", "+50255551234", "GT"),
        ("00502 5555 1234", "PE", "+50255551234", "GT"),
    ],
)
def test_neighbouring_countries(raw, region, e164, number_region):
    result = normalize_phone(raw, default_region=region)
    assert (result.e164, result.region, result.valid) == (e164, number_region, True)


def test_double_zero_prefix_wins_over_colombian_carrier_prefix():
    # Read with Colombia's own dialling rules "005" would be a carrier code and give India.
    assert normalize_phone("0059171234567", default_region="CO").e164 == "+59171234567"


def test_argentine_mobile_with_9_and_local_15():
    international = normalize_phone("+54 9 11 1234-5678", default_region="BO")
    local = normalize_phone("011 15 1234-5678", default_region="AR")
    without_nine = normalize_phone("+54 11 1234-5678")
    assert international.e164 == local.e164 == "+5491112345678"
    assert without_nine.e164 == "+541112345678"
    assert international.match_key == local.match_key == without_nine.match_key == "+541112345678"


@pytest.mark.parametrize("raw", ["", "abc", "123", "sin teléfono", "09 71234567", "+591 1234"])
def test_invalid_input_never_raises(raw):
    result = normalize_phone(raw)
    assert (result.e164, result.valid, result.region) == (None, False, None)


def test_none_and_unknown_region_are_invalid_not_errors():
    assert normalize_phone(None).valid is False  # type: ignore[arg-type]
    assert normalize_phone("71234567", default_region="XX").e164 is None


def test_number_without_country_code_is_read_in_default_region():
    # 8 digits from 7: a Bolivian mobile in Bolivia, not a valid number in Peru.
    assert normalize_phone("71234567", default_region="BO").e164 == "+59171234567"
    assert normalize_phone("71234567", default_region="PE").valid is False


def test_several_numbers_in_one_field():
    results = normalize_phones("71234567 / 76543210 o 2-2123456")
    assert [r.e164 for r in results] == ["+59171234567", "+59176543210", "+59122123456"]


# -- the shortcuts the batch engine relies on, held to phonenumbers itself -----------------

_REGIONS = ("BO", "PE", "CO", "GT", "AR", "CL", "PY", "BR", "EC", "MX", "US", "ES", "IT", "VE", "SV", "HN")


def _library(dial: str, region: str) -> tuple[str | None, str | None, bool | None]:
    """The reading of record, straight from phonenumbers: (E.164, region, is mobile)."""
    digits = dial.replace("+", "")
    candidates = ["+" + digits] if dial.startswith("+") else (["+" + digits[2:], digits] if digits.startswith("00")
                                                              else [digits])
    for candidate in candidates:
        if len(candidate.lstrip("+")) < 5:
            continue
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            kind = phonenumbers.number_type(number)
            return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                    phonenumbers.region_code_for_number(number),
                    kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE))
    return None, None, None


def _dials() -> list[str]:
    """Real-looking and awkward numbers: every region's example numbers in national,
    international and "00" form, national prefixes, numbers that start with their own
    calling code, too short, too long, leading zeros, and random digit strings."""
    rng = random.Random(7)
    out: list[str] = []
    for region in _REGIONS:
        code = str(phonenumbers.country_code_for_region(region))
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = str(example.national_number)
            for k in range(10):
                varied = national[:-3] + f"{rng.randrange(1000):03d}" if k else national
                out += [varied, "+" + code + varied, "00" + code + varied, "0" + varied, code + varied,
                        varied[:-2], varied + "12", "+" + code + "0" + varied, "+" + code + "1" + varied,
                        "+" + code + "9" + varied, "+" + code + "15" + varied, code + varied[len(code):]]
    for _ in range(800):
        length = rng.randrange(4, 16)
        digits = "".join(rng.choice("0123456789") for _ in range(length))
        out += [digits, "+" + digits, "00" + digits]
    return out


def test_fast_readings_equal_the_library_for_every_region():
    dials = _dials()
    checked = valid = 0
    for dial in dials:
        for region in _REGIONS:
            result = normalize_dial(dial, default_region=region)
            assert (result.e164, result.region, result.is_mobile) == _library(dial, region), (dial, region)
            checked += 1
            valid += result.valid
    assert checked > 80_000 and valid > 8_000


def test_national_numbers_read_as_their_international_form():
    for dial in _dials():
        for region in _REGIONS:
            form = international_form(dial, region)
            assert form == dial or form.startswith("+")
            assert normalize_dial(form, default_region=region) == replace(
                normalize_dial(dial, default_region=region), raw=form), (dial, region, form)


def test_dial_string_is_all_that_matters():
    for raw in ("+591 7 123-4567 ext. 12", "(01) 426-1234", "0059171234567", "7123 4567 anexo 3", "+54 9 11 1234-5678"):
        for region in _REGIONS:
            assert normalize_phone(raw, default_region=region) == replace(
                normalize_dial(phone_dial(raw), default_region=region), raw=raw)


def test_bulk_plus_keys_equal_one_by_one_and_the_library():
    dials = [dial for dial in _dials() if dial.startswith("+")]
    dials += ["+" + dial for dial in _dials() if not dial.startswith("+")]
    dials += ["+1" + dial[-10:] for dial in dials[:200]] + ["+7", "+", "++591 71234567", "+0591716", "+59100"]
    dials += ["+320450001234", "+5491123456789", "+54 15 1123456789"]  # national prefixes after the code
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):  # every calling code, with and without a prefix
        code = str(phonenumbers.country_code_for_region(region))
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                national = str(example.national_number)
                dials += [f"+{code}{prefix}{national}" for prefix in ("", "0", "1", "8", "9", "15", "01")]
                dials += [f"+{code}{national[:-1]}", f"+{code}{national}9"]
    keys = plus_match_keys(dials)
    decided_in_bulk = 0
    for dial, key in zip(dials, keys, strict=True):
        assert key == normalize_dial(dial).match_key, dial
        e164 = _library(dial, "BO")[0]
        assert key == (None if e164 is None else ("+54" + e164[4:] if e164.startswith("+549") else e164)), dial
        decided_in_bulk += key is not None
    assert len(dials) > 3_000 and decided_in_bulk > 1_000
