"""Pure-Python normalisers used to match persons across cases (no Django imports).

Each function turns one raw value as written in a record into a comparison form, is cheap
enough for a million records (compiled regexes, cached results, tables loaded once) and
never raises on bad input: it returns an empty/invalid result instead.
"""

from ._text import fold
from .accounts import AccountResult, normalize_account
from .addresses import AddressResult, normalize_address
from .caches import clear_caches
from .countries import normalize_country, normalize_sex
from .dates import PartialDate, dates_agree, parse_partial_date
from .documents import DocumentResult, normalize_document
from .emails import normalize_email
from .names import PersonName, normalize_name, read_name, reads_as_full_name, surname_key
from .phones import (
    PhoneResult,
    international_form,
    normalize_dial,
    normalize_phone,
    normalize_phones,
    phone_dial,
    plus_match_keys,
)
from .phonetic import spanish_phonetic
from .plates import PlateResult, normalize_plate

__all__ = [
    "AccountResult",
    "AddressResult",
    "DocumentResult",
    "PartialDate",
    "PersonName",
    "PhoneResult",
    "PlateResult",
    "clear_caches",
    "dates_agree",
    "fold",
    "international_form",
    "normalize_account",
    "normalize_address",
    "normalize_country",
    "normalize_dial",
    "normalize_document",
    "normalize_email",
    "normalize_name",
    "normalize_phone",
    "normalize_phones",
    "normalize_plate",
    "normalize_sex",
    "parse_partial_date",
    "phone_dial",
    "plus_match_keys",
    "read_name",
    "reads_as_full_name",
    "spanish_phonetic",
    "surname_key",
]
