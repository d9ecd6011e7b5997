"""Search terms kept as keyed hashes: the log can say who searched for a name without holding it.

A list request's entry stores ``search_fingerprint(q)``: HMAC-SHA256 (truncated to 128 bits) of
the normalised term and of each of its words, under a key derived from the primary audit key
(``enlace.audit.keyring``, kept outside the database). Whoever reads the table or a backup learns
nothing from it and cannot test guesses without the key; an auditor types a name or a word and
``search_digests`` gives what to look for, under every key of the ring, so searches recorded
before a key rotation are found too.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from .keyring import audit_keyring

_SEARCH_CONTEXT = b"enlace audit search term v1"  # a key of its own, never the chain's seal key
DIGEST_HEX = 32  # 128 bits: no collision among the terms of a log, half the room of a full digest
MAX_WORDS = 10  # words hashed one by one (the whole term is always hashed)


def normalise_term(text: str) -> str:
    """Case, accents and spacing do not matter: "Ana  MARÍA" and "ana maria" hash alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _digest(key: bytes, text: str) -> str:
    sub = hmac.digest(key, _SEARCH_CONTEXT, "sha256")
    return hmac.new(sub, text.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGEST_HEX]


def search_fingerprint(term: str) -> str:
    """The hashes (primary audit key) of the whole term and of each of its words, space-separated."""
    norm = normalise_term(term)
    parts = [norm, *norm.split()[:MAX_WORDS]] if " " in norm else [norm]
    key = audit_keyring().primary_key
    return " ".join(dict.fromkeys(_digest(key, p) for p in parts if p))


def search_digests(term: str) -> list[str]:
    """What to look for in entries to find searches for ``term`` (a whole search or one word)."""
    norm = normalise_term(term)
    if not norm:
        return []
    return [_digest(key, norm) for key in audit_keyring().keys.values()]
