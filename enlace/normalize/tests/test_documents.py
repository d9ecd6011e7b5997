"""Identity documents of the region: cleaning, Bolivian suffixes, check digits."""

import random

import pytest

from enlace.normalize import DocumentResult, normalize_document
from enlace.normalize.documents import _bo_suffixed, _normalize_rules


@pytest.mark.parametrize(
    "raw", ["1234567 LP", "1234567-LP", "1234567 L.P.", "1234567LP", "C.I. 1.234.567 La Paz", "1234567 exp. LP"]
)
def test_bolivian_ci_department_suffix_is_cut_and_reported(raw):
    assert normalize_document(raw) == DocumentResult(
        number="1234567", country="BO", doc_type="ci", valid=None, suffix="LP", department="LP", complement=None
    )


@pytest.mark.parametrize(
    ("raw", "code"),
    [("4567890 CB", "CB"), ("4567890 Cbba.", "CB"), ("4567890 SCZ", "SC"), ("4567890 S.C.", "SC"),
     ("4567890 OR", "OR"), ("4567890 PT", "PT"), ("4567890 Potosí", "PT"), ("4567890 TJ", "TJ"),
     ("4567890 CH", "CH"), ("4567890 BN", "BN"), ("4567890 Beni", "BN"), ("4567890 PD", "PD")],
)
def test_all_bolivian_departments(raw, code):
    result = normalize_document(raw)
    assert (result.number, result.department, result.suffix, result.country) == ("4567890", code, code, "BO")


def test_bolivian_ci_complement():
    assert normalize_document("1234567-1L") == DocumentResult(
        number="1234567", country="BO", doc_type="ci", valid=None, suffix="1L", department=None, complement="1L"
    )
    both = normalize_document("1234567-1L LP")
    assert (both.number, both.suffix, both.complement, both.department) == ("1234567", "1L LP", "1L", "LP")


def test_bolivian_ci_without_suffix_when_country_known():
    result = normalize_document("1234567", country="Bolivia")
    assert (result.number, result.country, result.doc_type, result.suffix) == ("1234567", "BO", "ci", None)


def test_unknown_country_keeps_plain_number_and_no_guess():
    assert normalize_document("12.345.678") == DocumentResult(
        number="12345678", country=None, doc_type=None, valid=None, suffix=None
    )


def test_argentine_dni_with_dots():
    assert normalize_document("12.345.678", doc_type="DNI", country="AR") == DocumentResult(
        number="12345678", country="AR", doc_type="dni", valid=True, suffix=None
    )
    assert normalize_document("2012345699", doc_type="dni", country="AR").valid is False


def test_guatemala_dpi_check_digit_department_and_municipality():
    good = normalize_document("1234 56789 0101", doc_type="DPI", country="GT")
    assert (good.number, good.valid, good.department) == ("1234567890101", True, "01")
    assert normalize_document("1234 56788 0101", doc_type="dpi", country="GT").valid is False  # check digit
    assert normalize_document("1234 56789 0118", doc_type="dpi", country="GT").valid is False  # 17 munis in 01
    assert normalize_document("1234 56789 2301", doc_type="dpi", country="GT").valid is False  # no dept 23


def test_dpi_label_implies_guatemala():
    result = normalize_document("DPI 1234 56789 0101")
    assert (result.number, result.country, result.doc_type, result.valid) == ("1234567890101", "GT", "dpi", True)


def test_peruvian_dni_with_and_without_check_character():
    assert normalize_document("10117410", doc_type="DNI", country="PE") == DocumentResult(
        number="10117410", country="PE", doc_type="dni", valid=True, suffix=None
    )
    with_check = normalize_document("10117410-2", doc_type="dni", country="Perú")
    assert (with_check.number, with_check.suffix, with_check.valid) == ("10117410", "2", True)
    assert normalize_document("10117410-3", doc_type="dni", country="PE").valid is False


def test_colombian_cedula_has_no_check_digit():
    assert normalize_document("1.023.456.789", doc_type="CC", country="CO") == DocumentResult(
        number="1023456789", country="CO", doc_type="cc", valid=None, suffix=None
    )
    assert normalize_document("12345678901", doc_type="cc", country="CO").valid is False


def test_brazilian_cpf():
    assert normalize_document("390.533.447-05", doc_type="CPF", country="BR").valid is True
    assert normalize_document("390.533.447-06", doc_type="cpf", country="BR").valid is False


def test_passport_is_upper_alphanumeric_and_keeps_issuing_country():
    assert normalize_document("ab 123-456", doc_type="Pasaporte", country="Bolivia") == DocumentResult(
        number="AB123456", country="BO", doc_type="passport", valid=None, suffix=None
    )


def test_empty_and_garbage():
    assert normalize_document("") == DocumentResult(number="", country=None, doc_type=None, valid=None, suffix=None)
    assert normalize_document(None).number == ""  # type: ignore[arg-type]
    assert normalize_document("1234567 XX").number == "1234567XX"


def test_bare_numbers_take_the_shortcut_with_the_same_result():
    rng = random.Random(3)
    numbers = ["0", "00123", "4567891", "12345678901234567890"]
    numbers += ["".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 14))) for _ in range(5000)]
    for number in numbers:
        assert normalize_document(number) == _normalize_rules(number, "", ""), number


def test_bolivian_suffix_shortcut_gives_what_the_rules_give():
    rng = random.Random(5)
    words = ["LP", "lp", "Lpz", "CBBA", "sc", "SCZ", "Tj", "CH", "sucre", "PA", "BE", "beni", "PANDO", "OR", "PT",
             "EN", "EXP", "EXPEDIDO", "DPTO", "XY", "Q", "LAPAZ", "ELBENI", "A1", "1A", "L", ""]
    separators = ["", " ", "-", "  ", ".", "/", "--", " - "]
    samples = ["١٢٣٤٥٦٧ LP", "１２３４５６７ LP", "1234567 ＬＰ", " 1234567 LP", "1234567 LP ", "12 345 LP", "1.234.567 LP"]
    for _ in range(6000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 12)))
        samples.append(digits + rng.choice(separators) + rng.choice(words))
    shortcut = 0
    for raw in samples:
        assert normalize_document(raw) == _normalize_rules(raw, "", ""), raw
        shortcut += _bo_suffixed(raw) is not None
    assert shortcut > 1000


@pytest.mark.parametrize(
    ("raw", "number", "doc_type"),
    [
        ("D.N.I. 91318078", "91318078", "dni"),
        ("C.I.C. 1234567", "1234567", "ci"),
        ("CIC 1234567", "1234567", "ci"),
        ("Cédula 29005131", "29005131", None),
        ("Cédula de ciudadanía 1017234567", "1017234567", None),
        ("CEDULA DE IDENTIDAD 4470008", "4470008", None),
    ],
)
def test_written_out_labels_are_not_part_of_the_number(raw, number, doc_type):
    result = normalize_document(raw)
    assert (result.number, result.doc_type) == (number, doc_type)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("992O1974", "99201974"),  # O for 0
        ("4877I682", "48771682"),  # I for 1
        ("48776X828", "48776828"),  # a stray key
        ("DNI 4877X6828", "48776828"),
        ("8S18768026751", "818768026751"),
    ],
)
def test_one_letter_inside_the_digits_is_read_or_dropped(raw, expected):
    assert normalize_document(raw).match_key == expected


@pytest.mark.parametrize("raw", ["AB123456", "A1B2C3D4", "123O45", "1234567A", "12345XY678", "P1234567"])
def test_letters_that_belong_to_the_number_are_kept(raw):
    assert normalize_document(raw).match_key == "".join(ch for ch in raw.upper() if ch.isalnum())
