"""Identity document numbers, cleaned for exact matching and checked where a rule exists.

Why: "1234567 LP", "1234567-L.P.", "C.I. 1234567 La Paz" are one Bolivian cédula; the
department suffix says where it was issued, not who the person is, so it is moved out of
the number into ``suffix``. Dots, spaces and dashes are dropped everywhere.

Validators used (python-stdnum, via ``stdnum.util.get_cc_module`` from the
``stdnum_module`` column of ``data/document_types.csv``): ``stdnum.pe.cui`` (Peru DNI,
8 digits plus optional check character), ``stdnum.pe.ruc``, ``stdnum.ar.dni``,
``stdnum.ar.cuit``, ``stdnum.br.cpf``, ``stdnum.br.cnpj``, ``stdnum.co.nit``,
``stdnum.gt.nit``, ``stdnum.cl.rut``, ``stdnum.ec.ci``, ``stdnum.ec.ruc``,
``stdnum.py.ruc``, ``stdnum.mx.curp``, ``stdnum.mx.rfc``.

python-stdnum 2.2 has no Guatemalan DPI/CUI module, so ``_valid_gt_dpi`` implements
RENAP's published rule (8 digits, mod-11 check digit with weights 2..9, department 01-22,
municipality within that department's count in ``data/gt_dpi_departments.csv``). Bolivia's
CI, Colombia's cédula de ciudadanía and passports have no check digit: ``valid`` is None when
the format fits (nothing more can be known) and False when it cannot be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry
from stdnum.util import get_cc_module

from ._text import fold, read_table

__all__ = ["DocumentResult", "normalize_document"]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """``number`` is the comparison form; ``suffix`` what was cut off it (normalised)."""

    number: str
    country: str | None
    doc_type: str | None
    valid: bool | None
    suffix: str | None
    department: str | None = None
    complement: str | None = None

    @property
    def match_key(self) -> str:
        """The number when it is long enough to say who someone is, else "" (no evidence).

        Shorter numbers ("123", a shelter's file number typed in the wrong box) agree by
        chance; both matching paths ignore them.
        """
        return self.number if len(self.number) >= MIN_MATCH_LENGTH else ""


MIN_MATCH_LENGTH = 5


@dataclass(frozen=True, slots=True)
class _DocType:
    country: str
    doc_type: str
    module: Any  # a python-stdnum module (is_valid, compact) or None
    pattern: re.Pattern[str] | None


def _load_types() -> tuple[dict[tuple[str, str], _DocType], dict[str, set[str]]]:
    types: dict[tuple[str, str], _DocType] = {}
    aliases: dict[str, set[str]] = {}
    for row in read_table("document_types.csv"):
        module = None
        if row["stdnum_module"]:
            cc, _, name = row["stdnum_module"].partition(".")
            module = get_cc_module(cc, name)
        pattern = re.compile(row["pattern"]) if row["pattern"] else None
        spec = _DocType(row["country"], row["doc_type"], module, pattern)
        for alias in row["aliases"].split("|"):
            types[(row["country"], fold(alias))] = spec
            aliases.setdefault(fold(alias), set()).add(row["doc_type"])
    return types, aliases


_TYPES, _ALIASES = _load_types()
# The shortcut above holds while no document type is chosen by an empty alias.
_PLAIN_DIGITS_ARE_KEPT = ("", "") not in _TYPES and ("*", "") not in _TYPES
_BO_DEPARTMENTS = {
    fold(alias): row["code"] for row in read_table("bo_ci_departments.csv") for alias in row["aliases"].split("|")
}
_GT_MUNICIPALITIES = {row["code"]: int(row["municipalities"]) for row in read_table("gt_dpi_departments.csv")}

_LABEL = re.compile(
    r"^(?P<label>C\.?\s?I\.?\s?C|C\.?\s?I|D\.?\s?N\.?\s?I|DNI|DPI|CUI|C\.?\s?C|CEDULA(?:\s+DE\s+(?:IDENTIDAD|CIUDADANIA))?|CPF|RUT|RUN|NIT|RUC|PASAPORTE"
    r"|PASSAPORTE|PASSPORT)\b\.?\s*"
    r"(?:N[O°º]?\.?|NRO\.?|NUM\.?)?\s*[:#.]?\s*"
)
_LEADING_DIGITS = re.compile(r"^\s*(\d{1,3}(?:[.\s]\d{3})+(?!\d)|\d+)")
_BO_NOISE = frozenset({"EXP", "EXPEDIDO", "EN", "DPTO", "DEPTO"})
_COMPLEMENT = re.compile(r"^(?:\d[A-Z]|[A-Z]\d)$")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_BO_SUFFIXED = re.compile(r"(\d+)[ -]?([A-Za-z]+)")
_LABEL_TYPES = {"CI": "ci", "CIC": "ci", "DNI": "dni", "DPI": "dpi", "CUI": "dpi", "CC": "cc", "CPF": "cpf", "RUT": "rut",
                "RUN": "rut", "NIT": "nit", "RUC": "ruc", "PASAPORTE": "passport", "PASSAPORTE": "passport",
                "PASSPORT": "passport"}
_LABEL_COUNTRIES = {"DPI": "GT", "CPF": "BR"}


def normalize_document(
    raw: str | None, *, doc_type: str | None = None, country: str | None = None
) -> DocumentResult:
    """Clean one document number; ``country`` is the issuing country (ISO code or name)."""
    return _normalize_cached(raw or "", doc_type or "", country or "")


@lru_cache(maxsize=1 << 16)
def _normalize_cached(raw: str, doc_type_in: str, country_in: str) -> DocumentResult:
    if not doc_type_in and not country_in and _PLAIN_DIGITS_ARE_KEPT and raw.isascii() and raw.isdigit():
        # A bare number of unknown type and country: no label, suffix or validator
        # applies, so the rules below would keep it as written. Said once, here, because
        # the batch engine normalises a million such numbers (test_documents.py checks it).
        return DocumentResult(number=raw, country=None, doc_type=None, valid=None, suffix=None)
    if not doc_type_in and not country_in and raw.isascii():
        suffixed = _bo_suffixed(raw)
        if suffixed is not None:
            return suffixed
    return _normalize_rules(raw, doc_type_in, country_in)


def _bo_suffixed(raw: str) -> DocumentResult | None:
    """"1234567 LP", "1234567-CB": digits, at most one space or dash, a department alias.

    What the rules below do with such text: no label matches (it starts with a digit), the
    digits are the number, the one word is not a complement, and names the department, so
    the number is a Bolivian CI with that suffix. Said here once because about a fifth of
    the batch engine's documents are written so; ``test_documents.py`` holds it to the rules.
    Anything else (noise words, unknown letters, complements) returns None.
    """
    match = _BO_SUFFIXED.fullmatch(raw)
    if match is None:
        return None
    letters = match.group(2).upper()
    department = None if letters in _BO_NOISE else _BO_DEPARTMENTS.get(fold(letters))
    if department is None:
        return None
    number = match.group(1)
    return DocumentResult(number=number, country="BO", doc_type="ci", valid=_pattern_valid("BO", "ci", number),
                          suffix=department, department=department, complement=None)


def _normalize_rules(raw: str, doc_type_in: str, country_in: str) -> DocumentResult:
    country = _country(country_in)
    text = fold(raw).upper()
    label = _LABEL.match(text)
    doc_type = _doc_type(doc_type_in, country)
    if label:
        text = text[label.end() :]
        key = _NOT_ALNUM.sub("", label.group("label"))
        doc_type = doc_type or _LABEL_TYPES.get(key)
        country = country or (_LABEL_COUNTRIES.get(key) if not doc_type_in else None)
    if country in (None, "BO") and doc_type in (None, "ci"):
        bolivian = _bolivian_ci(text)
        if bolivian is not None:
            number, department, complement = bolivian
            suffix = " ".join(part for part in (complement, department) if part) or None
            if suffix or country == "BO":
                return DocumentResult(
                    number=number, country="BO", doc_type="ci", valid=_pattern_valid("BO", "ci", number),
                    suffix=suffix, department=department, complement=complement,
                )
    number = _stray_letter_out(_NOT_ALNUM.sub("", text))
    if not number:
        return DocumentResult(number="", country=country, doc_type=doc_type, valid=None, suffix=None)
    if country == "GT" and doc_type == "dpi":
        dpi_ok = _valid_gt_dpi(number)
        return DocumentResult(number=number, country=country, doc_type=doc_type, valid=dpi_ok, suffix=None,
                              department=number[9:11] if dpi_ok else None)
    spec = _TYPES.get((country or "", doc_type or "")) or _TYPES.get(("*", doc_type or ""))
    if spec is None:
        return DocumentResult(number=number, country=country, doc_type=doc_type, valid=None, suffix=None)
    if spec.module is None:
        plausible = None if spec.pattern is None or spec.pattern.fullmatch(number) else False
        return DocumentResult(number=number, country=country, doc_type=doc_type, valid=plausible, suffix=None)
    valid = bool(spec.module.is_valid(number))
    suffix = None
    if valid:
        number = spec.module.compact(number)
        if (country, doc_type) == ("PE", "dni") and len(number) == 9:
            number, suffix = number[:8], number[8:]
    return DocumentResult(number=number, country=country, doc_type=doc_type, valid=valid, suffix=suffix)


def _country(value: str) -> str | None:
    if not value.strip():
        return None
    for candidate in (value.strip(), fold(value)):
        try:
            return pycountry.countries.lookup(candidate).alpha_2
        except LookupError:
            continue
    return None


def _doc_type(value: str, country: str | None) -> str | None:
    key = fold(value).replace(".", "").strip()
    if not key:
        return None
    spec = _TYPES.get((country or "", key)) or _TYPES.get(("*", key))
    if spec is not None:
        return spec.doc_type
    candidates = _ALIASES.get(key, set())
    return next(iter(candidates)) if len(candidates) == 1 else key


# One letter between the digits of a number of seven or more characters: an O or I for 0 or 1 (a scanned or hurried
# copy), or a stray key. A number with letters elsewhere (a passport's prefix, a Bolivian
# complement) or with more than one is kept as written.
_INNER_LETTER = re.compile(r"\d+[A-Z]\d+")
_LETTER_DIGIT = {"O": "0", "Q": "0", "I": "1", "L": "1"}


def _stray_letter_out(number: str) -> str:
    """'992O1974' -> '99201974', '48776X828' -> '48776828'; anything else unchanged."""
    if number.isdigit() or len(number) < 7 or sum(ch.isalpha() for ch in number) != 1 or not _INNER_LETTER.fullmatch(number):
        return number
    letter = next(ch for ch in number if ch.isalpha())
    return number.replace(letter, _LETTER_DIGIT.get(letter, ""))


def _bolivian_ci(text: str) -> tuple[str, str | None, str | None] | None:
    """(digits, department code, complement) when ``text`` reads as a Bolivian CI."""
    match = _LEADING_DIGITS.match(text)
    if not match:
        return None
    number = _NOT_ALNUM.sub("", match.group(1))
    rest = text[match.end() :]
    complement: str | None = None
    letters: list[str] = []
    for token in re.findall(r"[A-Z0-9]+", rest):
        if complement is None and not letters and _COMPLEMENT.match(token):
            complement = token
        elif token.isalpha() and token not in _BO_NOISE:
            letters.append(token)
        elif token not in _BO_NOISE:
            return None
    department = None
    if letters:
        department = _BO_DEPARTMENTS.get(fold(" ".join(letters))) or _BO_DEPARTMENTS.get(fold("".join(letters)))
        if department is None:
            return None
    return number, department, complement


def _pattern_valid(country: str, doc_type: str, number: str) -> bool | None:
    spec = _TYPES.get((country, doc_type))
    if spec is None or spec.pattern is None:
        return None
    return None if spec.pattern.fullmatch(number) else False


def _valid_gt_dpi(number: str) -> bool:
    """RENAP's CUI rule: 8-digit serial, mod-11 check digit, department, municipality."""
    if len(number) != 13 or not number.isdigit():
        return False
    serial, check, department, municipality = number[:8], int(number[8]), number[9:11], int(number[11:13])
    if municipality < 1 or municipality > _GT_MUNICIPALITIES.get(department, 0):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(serial, range(2, 10), strict=True))
    return total % 11 == check
