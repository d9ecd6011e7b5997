"""Emptying the normalisers' caches.

Why: the caches pay off when the same values come back (a save meets the same surnames
again and again), but a batch of a million records fills them with values that will not
come back, a few hundred megabytes held for the rest of the run. The batch engine empties
them once it has turned the values into codes.
"""

from __future__ import annotations

from . import _text, accounts, addresses, countries, dates, documents, emails, names, phones, phonetic, plates

__all__ = ["clear_caches"]


def clear_caches() -> None:
    for module in (_text, accounts, addresses, countries, dates, documents, emails, names, phones, phonetic, plates):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
