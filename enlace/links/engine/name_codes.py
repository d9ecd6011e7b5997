"""Name columns -> integer codes: given names, canonical first name, surnames, sound codes.

The split form of a name is assembled from its given-name part and its surname part
independently (``enlace.normalize.names``), so each distinct given-name value and each
distinct surname value is parsed once; only rows whose whole name is in one box
(``reads_as_full_name``, here on whole columns) are read whole, once per distinct pair
of boxes, with ``read_name`` as matching on save reads them.

Parsing (the costly part) returns plain tuples, ``GivenParts`` and ``SurnameParts``, so
it may run in worker processes (``parallel.Mapper``); the codes are given here, in one
process, in the same order whichever way the parsing ran.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from enlace.normalize import PersonName, normalize_name, read_name, spanish_phonetic, surname_key

from .parallel import Mapper

# (given names as written, canonical first name or initial, its meanings when it has several)
GivenParts = tuple[str, str, tuple[str, ...] | None]
# surname keys: first, second, married
SurnameParts = tuple[str, str, str]


def given_parts(name: PersonName) -> GivenParts:
    canon = name.given[0] if name.given else name.initials[:1]
    several = name.given_variants[0] if name.given_variants and len(name.given_variants[0]) > 1 else None
    return name.given_raw, canon, several


def surname_parts(name: PersonName) -> SurnameParts:
    return surname_key(name.first_surname), surname_key(name.second_surname), surname_key(name.married_surname)


def given_of(value: str) -> GivenParts:
    return given_parts(normalize_name(given_names=value))


def surnames_of(value: str) -> SurnameParts:
    return surname_parts(normalize_name(surnames=value))


def whole_name_of(boxes: tuple[str, str]) -> tuple[GivenParts, SurnameParts]:
    name = read_name(*boxes)
    return given_parts(name), surname_parts(name)


class _Vocab(dict):
    """Word -> code, codes in order of first appearance; '' is always -1 (missing)."""

    def code(self, word: str | None) -> int:
        return self.setdefault(word, len(self)) if word else -1

    def words(self) -> list[str]:
        return list(self)


def name_codes(g_codes: np.ndarray, g_uniques: list[str], s_codes: np.ndarray, s_uniques: list[str],
               mapper: Mapper) -> Callable[[], dict]:
    """Start parsing the two dictionary-encoded name columns with mapper; the returned
    function gives the ``Prepared`` name fields once the parsing is done."""
    g_parsed, s_parsed = mapper.map(given_of, g_uniques), mapper.map(surnames_of, s_uniques)
    g_multi = np.array([len(v.split()) > 1 for v in g_uniques] + [False])[g_codes]
    g_blank = np.array([not v.strip() for v in g_uniques] + [True])[g_codes]
    s_comma = np.array(["," in v for v in s_uniques] + [False])[s_codes]
    s_blank = np.array([not v.strip() for v in s_uniques] + [True])[s_codes]
    odd = np.flatnonzero((g_blank & s_comma) | (s_blank & g_multi))
    width = len(s_uniques) + 1  # codes shifted by one: -1 (missing) becomes 0
    pair_codes, pairs = pd.factorize((g_codes[odd].astype(np.int64) + 1) * width + s_codes[odd] + 1)
    boxes = []
    for packed in pairs:
        g_code, s_code = (code - 1 for code in divmod(int(packed), width))
        boxes.append((g_uniques[g_code] if g_code >= 0 else "", s_uniques[s_code] if s_code >= 0 else ""))
    whole = mapper.map(whole_name_of, boxes)

    def finish() -> dict:
        return _codes(g_codes, s_codes, g_parsed.result(), s_parsed.result(), odd, pair_codes, whole.result())

    return finish


def _codes(g_codes: np.ndarray, s_codes: np.ndarray, g_parsed: list[GivenParts], s_parsed: list[SurnameParts],
           odd: np.ndarray, pair_codes: np.ndarray, whole: list[tuple[GivenParts, SurnameParts]]) -> dict:
    given_vocab, canon_vocab, sur_vocab = _Vocab(), _Vocab(), _Vocab()
    alternatives: dict[int, tuple[str, ...]] = {}

    def given_codes(parts: GivenParts) -> tuple[int, int]:
        raw, canon, several = parts
        code = canon_vocab.code(canon)
        if several:
            alternatives[code] = several
        return given_vocab.code(raw), code

    def surname_codes(parts: SurnameParts) -> tuple[int, int, int]:
        return sur_vocab.code(parts[0]), sur_vocab.code(parts[1]), sur_vocab.code(parts[2])

    g_lut = np.array([given_codes(parts) for parts in g_parsed] + [(-1, -1)], np.int32)
    s_lut = np.array([surname_codes(parts) for parts in s_parsed] + [(-1, -1, -1)], np.int32)
    g_rows, s_rows = g_lut[g_codes], s_lut[s_codes]
    g_odd = np.empty((len(whole), 2), np.int32)
    s_odd = np.empty((len(whole), 3), np.int32)
    for k, (g_parts, s_parts) in enumerate(whole):
        g_odd[k], s_odd[k] = given_codes(g_parts), surname_codes(s_parts)
    g_rows[odd], s_rows[odd] = g_odd[pair_codes], s_odd[pair_codes]

    alt_codes = {code: [canon_vocab.code(option) for option in options] for code, options in alternatives.items()}
    sur_words, canon_words = sur_vocab.words(), canon_vocab.words()
    canon_alts = np.full((len(canon_words), max(map(len, alt_codes.values()), default=1)), -1, np.int32)
    for code, options in alt_codes.items():
        canon_alts[code, : len(options)] = options
    sur1, sur2 = s_rows[:, 0].copy(), s_rows[:, 1].copy()
    counts = np.bincount(sur1[sur1 >= 0], minlength=len(sur_words)).astype(np.float64)
    counts += np.bincount(sur2[sur2 >= 0], minlength=len(sur_words))
    phon_vocab: dict[str, int] = {}
    sur_phon = np.array([phon_vocab.setdefault(spanish_phonetic(w), len(phon_vocab)) for w in sur_words], np.int32)
    canon_phon = np.array([phon_vocab.setdefault(spanish_phonetic(w), len(phon_vocab)) for w in canon_words],
                          np.int32)
    given_words = given_vocab.words()
    return {
        "given": g_rows[:, 0].copy(), "given_canon": g_rows[:, 1].copy(), "given_vocab": given_words,
        "canon_vocab": canon_words, "sur1": sur1, "sur2": sur2, "married": s_rows[:, 2].copy(),
        "sur_vocab": sur_words, "sur_tf": (counts + 1.0) / max(1.0, counts.sum()), "sur_phon": sur_phon,
        "canon_phon": canon_phon, "phon_index": phon_vocab, "canon_alts": canon_alts,
        "given_initial": np.array([ord(w[0]) for w in given_words], dtype=np.int32),
        "sur_initial": np.array([ord(w[0]) for w in sur_words], dtype=np.int32),
    }
