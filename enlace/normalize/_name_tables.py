"""Name tables loaded once from ``enlace/normalize/data`` (see the README there).

Why data files and not code: nicknames, particles, titles and common given names are
regional facts that change with the places a team works in; the team edits a CSV, not a
parser. Everything is folded at load time so lookups are plain dict/set hits.
"""

from __future__ import annotations

from collections import defaultdict

from ._text import fold, read_table


def _load_nicknames() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded nickname -> the canonical given names it may stand for, each as tokens.

    Several rows per nickname are allowed (Beto -> Alberto, Roberto, Humberto); a canonical
    with a space expands to several given names (Majo -> María José).
    """
    table: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in read_table("nicknames.csv"):
        nick = fold(row["nickname"])
        canonical = tuple(fold(row["canonical"]).split())
        if not nick or not canonical or canonical == (nick,):
            continue
        if canonical not in table[nick]:
            table[nick].append(canonical)
    return {nick: tuple(values) for nick, values in table.items()}


def _load_tokens() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in read_table("name_tokens.csv"):
        kinds[row["kind"]].add(fold(row["token"]))
    return {kind: frozenset(values) for kind, values in kinds.items()}


def _load_given_names(nicknames: dict[str, tuple[tuple[str, ...], ...]]) -> frozenset[str]:
    """Given names that are (almost) never surnames: used to tell 'QUISPE JUAN' from 'JUAN QUISPE'."""
    names: set[str] = set()
    ambiguous: set[str] = set()
    for row in read_table("given_names.csv"):
        (ambiguous if row["also_surname"] == "1" else names).add(fold(row["name"]))
    for nick, variants in nicknames.items():
        names.add(nick)
        for canonical in variants:
            names.update(canonical)
    return frozenset(names - ambiguous)


NICKNAMES = _load_nicknames()
_TOKENS = _load_tokens()
PARTICLES = _TOKENS.get("particle", frozenset())
PREFIXES = _TOKENS.get("prefix", frozenset())
TITLES = _TOKENS.get("title", frozenset())
WIDOW_MARKERS = _TOKENS.get("widow", frozenset())
UNKNOWN_VALUES = _TOKENS.get("unknown", frozenset())
GIVEN_COMPLEMENTS = _TOKENS.get("given_complement", frozenset())
COMPLEMENT_HEADS = _TOKENS.get("complement_head", frozenset())
GIVEN_ONLY = _load_given_names(NICKNAMES)
