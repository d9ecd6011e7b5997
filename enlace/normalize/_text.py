"""Text folding shared by every normaliser.

Why a single ``fold``: records from different institutions drop accents and case
inconsistently ("PEÑA", "Pena", "peña"), so every comparison key must go through the same
folding or equal values stop being equal. It is cached because the same surnames and given
names repeat across a million records.
"""

from __future__ import annotations

import csv
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
