"""Bank account numbers as one comparison key.

Why: traffickers' payments link cases. An IBAN (used in Europe and Brazil, written in
groups of four) is checked and compacted with ``stdnum.iban``; an Argentine CBU (22 digits)
with ``stdnum.ar.cbu``. Anything else (Bolivian, Peruvian, Colombian account numbers have
no public check rule) is reduced to its digits so spacing and dashes do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum import iban
from stdnum.ar import cbu

__all__ = ["AccountResult", "normalize_account"]

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_NOT_DIGIT = re.compile(r"\D")
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


@dataclass(frozen=True, slots=True)
class AccountResult:
    """``kind`` is "iban", "cbu" or "account"; ``valid`` None when no check rule applies."""

    number: str
    kind: str
    valid: bool | None
    country: str | None


def normalize_account(raw: str | None, *, country: str | None = None) -> AccountResult:
    return _normalize_cached(raw or "", (country or "").upper() or None)


@lru_cache(maxsize=1 << 16)
def _normalize_cached(raw: str, country: str | None) -> AccountResult:
    compact = _NOT_ALNUM.sub("", raw.upper())
    if compact.startswith("IBAN"):
        compact = compact[4:]
    if _IBAN_SHAPE.match(compact):
        valid = iban.is_valid(compact)
        return AccountResult(number=compact, kind="iban", valid=valid, country=compact[:2])
    digits = _NOT_DIGIT.sub("", raw)
    if len(digits) == 22 and country in (None, "AR"):
        valid = cbu.is_valid(digits)
        if valid or country == "AR":
            return AccountResult(number=digits, kind="cbu", valid=valid, country="AR")
    return AccountResult(number=digits, kind="account", valid=None, country=country)
