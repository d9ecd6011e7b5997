"""Vehicle plates: the written plate plus a key that forgives O/0 and I/1 confusions.

Why both: "2345-ABO" and "2345AB0" are likely the same car misread, but the plate as
written is evidence and must not be rewritten; only ``plate_key`` folds the look-alikes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._text import fold

__all__ = ["PlateResult", "normalize_plate"]

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "I": "1"})


@dataclass(frozen=True, slots=True)
class PlateResult:
    plate: str
    plate_key: str
    country: str | None


@lru_cache(maxsize=1 << 16)
def normalize_plate(raw: str | None, *, country: str | None = None) -> PlateResult:
    """Upper-case letters and digits only; ``plate_key`` maps O, Q -> 0 and I -> 1."""
    plate = _NOT_ALNUM.sub("", fold(raw or "").upper())
    return PlateResult(plate=plate, plate_key=plate.translate(_LOOKALIKES), country=(country or "").upper() or None)
