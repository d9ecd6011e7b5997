"""E-mails, bank accounts, plates and addresses."""

import pytest

from enlace.normalize import (
    AccountResult,
    AddressResult,
    PlateResult,
    normalize_account,
    normalize_address,
    normalize_email,
    normalize_plate,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Juan.Quispe+trabajo@GMail.com ", "juanquispe@gmail.com"),
        ("<j.q@googlemail.com>", "jq@gmail.com"),
        ("mailto:Rosa.Mamani@Hotmail.com", "rosa.mamani@hotmail.com"),
        ("maria.choque+x@yahoo.com.bo", "maria.choque+x@yahoo.com.bo"),
        ("no tiene", None),
        ("a@b", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_email(raw, expected):
    assert normalize_email(raw) == expected


def test_iban_is_checked_and_compacted():
    assert normalize_account("DE89 3704 0044 0532 0130 00") == AccountResult(
        number="DE89370400440532013000", kind="iban", valid=True, country="DE"
    )
    assert normalize_account("IBAN DE89 3704 0044 0532 0130 01").valid is False


def test_argentine_cbu():
    assert normalize_account("285-0590-9400-9041-8135-201", country="AR") == AccountResult(
        number="2850590940090418135201", kind="cbu", valid=True, country="AR"
    )
    assert normalize_account("2850590940090418135202", country="AR").valid is False


def test_other_accounts_are_digits_only():
    assert normalize_account("Cta. 10000-1234-5678", country="BO") == AccountResult(
        number="1000012345678", kind="account", valid=None, country="BO"
    )


def test_plate_keeps_what_was_written_and_key_folds_lookalikes():
    assert normalize_plate("2345-ABO") == PlateResult(plate="2345ABO", plate_key="2345AB0", country=None)
    assert normalize_plate("2345 ab0", country="bo") == PlateResult(plate="2345AB0", plate_key="2345AB0", country="BO")
    assert normalize_plate("1I23-XQZ").plate_key == "1123X0Z"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Av. 6 de Agosto Nro. 2345, Z. Sopocachi",
         AddressResult(text="avenida 6 de agosto numero 2345 zona sopocachi", numbers=("6", "2345"))),
        ("Calle 45 # 12-34", AddressResult(text="calle 45 numero 12 34", numbers=("45", "12", "34"))),
        ("C. 3 s/n B° Las Américas", AddressResult(text="calle 3 sin numero barrio las americas", numbers=("3",))),
        ("Jr. Huallaga 123B", AddressResult(text="jiron huallaga 123b", numbers=("123b",))),
        ("", AddressResult(text="", numbers=())),
    ],
)
def test_normalize_address(raw, expected):
    assert normalize_address(raw) == expected
