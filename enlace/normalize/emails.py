"""E-mail addresses as one comparison key.

Why the Gmail rule: Gmail ignores dots and everything after "+" in the local part, so
"juan.quispe+trabajo@gmail.com" and "juanquispe@gmail.com" reach the same inbox. Other
providers do not promise that, so their addresses are only trimmed and lower-cased.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["normalize_email"]

_SHAPE = re.compile(r"^[^@\s]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


@lru_cache(maxsize=1 << 16)
def normalize_email(raw: str | None) -> str | None:
    """Lower-cased address (Gmail dots and +tags removed), or None if it is not an address."""
    if not raw:
        return None
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.lower().rstrip(".")
    if not _SHAPE.match(text):
        return None
    local, _, domain = text.rpartition("@")
    if domain in _GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
        if not local:
            return None
    return f"{local}@{domain}"
