"""Text folding shared by every normaliser.

Why a single ``fold``: records from different institutions drop accents and case
inconsistently ("PEÑA", "Pena", "peña"), so every comparison key must go through the same
folding or equal values stop being equal. It is cached because the same surnames and given
names repeat across a million records.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Letters that NFKD does not decompose into an ASCII base letter plus a combining mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "‘": "'", "’": "'", "`": "'", "´": "'", "ʼ": "'",
    }
)


@lru_cache(maxsize=1 << 18)
def fold(text: str | None) -> str:
    """Lower-case, accent-free text with single spaces ("  José  PEÑA " -> "jose pena").

    ``ñ`` folds to ``n`` on purpose: keyboards without it write "Pena" for "Peña", and a
    missed match costs more here than a spurious candidate (candidates are reviewed).
    """
    if not text:
        return ""
    if text.isascii():
        lowered = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        lowered = lowered.translate(_SPECIAL)
    return " ".join(lowered.split())


def read_table(name: str) -> Iterator[dict[str, str]]:
    """Rows of a CSV under ``enlace/normalize/data`` as dicts (header row first, UTF-8)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items()}


# Digits that a scanner or a hurried typist puts for a letter inside a word ("RODRI6UEZ",
# "L0PEZ", "MAMAN1"). A person's name never holds a digit, so one between or beside letters is
# read as the letter it looks like. "1" is "l" or "i": before a vowel, or at the end after
# one, it is "l" (CAR1OS, 1UZ, TZU1); otherwise "i" (AQU1NO, MAMAN1, 1XCOT).
_DIGIT_IN_WORD = re.compile(r"(?<=[a-z])\d|\d(?=[a-z])")
_DIGIT_LETTER = {"0": "o", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g"}
_VOWELS = frozenset("aeiou")


def _digit_as_letter(match: re.Match[str]) -> str:
    digit, text, pos = match.group(), match.string, match.start()
    if digit != "1":
        return _DIGIT_LETTER[digit]
    after = text[pos + 1] if pos + 1 < len(text) else ""
    if after.isalpha():
        return "l" if after in _VOWELS else "i"
    before = text[pos - 1] if pos else ""
    return "l" if before in _VOWELS else "i"


def letters_for_digits(folded: str) -> str:
    """Folded name text with digits inside words read as the letters they look like."""
    if not any(ch.isdigit() for ch in folded):
        return folded
    previous = None
    while previous != folded:  # "J05E": each replacement can put a letter beside the next digit
        previous, folded = folded, _DIGIT_IN_WORD.sub(_digit_as_letter, folded)
    return folded
