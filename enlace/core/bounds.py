"""What the database can hold: integers within 64 bits, text without NUL characters.

Why here: an id, filter or page number beyond 2**63-1 makes SQLite raise ``OverflowError``
(a 500), and PostgreSQL refuses NUL characters in text. Input is checked against these bounds
where it enters (forms, API schemas, the bad-input middleware), so the answer is a clear 4xx.
"""

from __future__ import annotations

MAX_DB_INT = 2**63 - 1
MIN_DB_INT = -(2**63)
# A page number whose offset (page x the largest page size) still fits: far beyond any real list.
MAX_PAGE = 10**9
NUL = "\x00"


def parse_db_int(text: str) -> int | None:
    """The integer written in ``text`` when it is plain digits within the database's range, else None."""
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_DB_INT else None


def has_nul(value) -> bool:
    """True when a string, or any string inside a list/tuple/dict, holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return False
