"""Addresses, lightly: enough to compare two written addresses, not to geocode them.

Why light: addresses in case files are descriptive ("Z. Villa Fátima, C. 3 Nro. 45,
cerca del mercado"); a full parser would guess wrong. Folding, expanding the common
abbreviations of the region (``data/address_abbreviations.csv``) and pulling out the
numbers is what lets a matcher compare them with a token-set similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._text import fold, read_table

__all__ = ["AddressResult", "normalize_address"]

_ABBREVIATIONS = {fold(row["abbreviation"]): fold(row["expansion"]) for row in read_table("address_abbreviations.csv")}
_TOKEN = re.compile(r"\d+[a-z]?\b|[a-z]+|#")
_NUMBER = re.compile(r"^\d+[a-z]?$")


@dataclass(frozen=True, slots=True)
class AddressResult:
    """``text``: folded, abbreviations expanded; ``numbers``: digit groups in order."""

    text: str
    numbers: tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def normalize_address(raw: str | None) -> AddressResult:
    tokens = _TOKEN.findall(fold(raw or ""))
    words: list[str] = []
    pos = 0
    while pos < len(tokens):
        pair = " ".join(tokens[pos : pos + 2])
        if pos + 1 < len(tokens) and pair in _ABBREVIATIONS:
            words.append(_ABBREVIATIONS[pair])
            pos += 2
            continue
        piece = tokens[pos]
        words.append("numero" if piece == "#" else _ABBREVIATIONS.get(piece, piece))
        pos += 1
    numbers = tuple(word for word in words if _NUMBER.match(word))
    return AddressResult(text=" ".join(words), numbers=numbers)
