"""Vectorised preparation: raw columns -> integer-coded, normalised features.

Why this design: at a million rows, calling a Python normaliser per row costs tens of
seconds. Values repeat (names, cities, dates), so every column is dictionary-encoded with
Arrow, each *distinct* value is normalised once with the one set of normalisers that
matching on save uses too (``enlace.normalize``), and rows get integer codes through
numpy lookups. Comparisons later work on those codes. The engine keeps no rules of its
own: a pair must compare the same way whichever path scores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from enlace.normalize import (
    PersonName,
    clear_caches,
    fold,
    international_form,
    normalize_address,
    normalize_country,
    normalize_dial,
    normalize_document,
    normalize_email,
    normalize_name,
    normalize_sex,
    parse_partial_date,
    phone_dial,
    plus_match_keys,
    read_name,
    spanish_phonetic,
    surname_key,
)

# From this many records on, the normalisers' caches are emptied after preparation: they
# hold values of this batch only, which will not come back (``enlace.normalize.caches``).
LARGE_BATCH = 100_000

COLUMNS = (
    "record_id", "given_names", "surnames", "birth_date", "sex", "nationality",
    "document_number", "phone", "email", "city", "country", "address", "postcode",
)



def encode(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, list]:
    """Dictionary-encode a string column: (int32 codes with -1 for null, distinct values)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = pc.cast(column, pa.string())
    enc = pc.dictionary_encode(column)
    codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
    return codes, enc.dictionary.to_pylist()


def _map_unique(codes: np.ndarray, uniques: list, func, dtype=np.int32) -> tuple[np.ndarray, list[str]]:
    """Apply func to each distinct value; return row codes into a vocabulary of results."""
    vocab: dict[str, int] = {"": -1}
    lut = np.empty(len(uniques) + 1, dtype=dtype)
    lut[-1] = -1
    for i, value in enumerate(uniques):
        out = func(value)
        lut[i] = vocab.setdefault(out, len(vocab) - 1) if out else -1
    words = [w for w in vocab if w]
    return lut[codes], words


@dataclass
class Prepared:
    """Normalised, integer-coded features of n records (code -1 means missing)."""

    n: int
    record_id: list
    given: np.ndarray
    given_canon: np.ndarray
    given_vocab: list[str]
    canon_vocab: list[str]
    sur1: np.ndarray
    sur2: np.ndarray
    married: np.ndarray
    sur_vocab: list[str]
    sur_tf: np.ndarray
    year: np.ndarray
    month: np.ndarray
    day: np.ndarray
    sex: np.ndarray
    nationality: np.ndarray
    document: np.ndarray
    doc_vocab: list[str]
    phone: np.ndarray
    phone_vocab: list[str]
    email: np.ndarray
    city: np.ndarray
    sur_phon: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    given_initial: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    address: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    address_vocab: list = field(default_factory=list)
    postcode: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    postcode_vocab: list = field(default_factory=list)
    phon_index: dict = field(default_factory=dict)
    email_vocab: list = field(default_factory=list)
    sex_vocab: list = field(default_factory=list)
    nat_vocab: list = field(default_factory=list)
    city_vocab: list = field(default_factory=list)
    sur_initial: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    canon_phon: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    # Per canonical given name: the canonical codes it may also stand for (-1 padded). Only
    # a nickname with several meanings has any (Beto: Alberto, Roberto, Humberto).
    canon_alts: np.ndarray = field(default_factory=lambda: np.full((0, 1), -1, np.int32))


def _column(table: pa.Table, name: str) -> pa.Array:
    if name in table.column_names:
        return table.column(name)
    return pa.nulls(table.num_rows, pa.string())


def prepare(table: pa.Table, *, default_region: str = "BO") -> Prepared:
    """Normalise every known column of an Arrow table of strings."""
    n = table.num_rows
    names = _names(table)

    # --- dates ----------------------------------------------------------------------
    d_codes, d_uniques = encode(_column(table, "birth_date"))
    ymd = np.array([_date_parts(v) for v in d_uniques] + [(0, 0, 0)], dtype=np.int16)[d_codes]

    # --- identifiers ------------------------------------------------------------------
    doc_codes, doc_uniques = encode(_column(table, "document_number"))
    document, doc_vocab = _map_unique(doc_codes, doc_uniques, lambda v: normalize_document(v).match_key)
    phone, phone_vocab = _phones(table, default_region)
    e_codes, e_uniques = encode(_column(table, "email"))
    email, email_vocab = _map_unique(e_codes, e_uniques, lambda v: normalize_email(v) or "")
    sx_codes, sx_uniques = encode(_column(table, "sex"))
    sex, sex_vocab = _map_unique(sx_codes, sx_uniques, normalize_sex)
    n_codes, n_uniques = encode(_column(table, "nationality"))
    nationality, nat_vocab = _map_unique(n_codes, n_uniques, normalize_country)
    c_codes, c_uniques = encode(_column(table, "city"))
    city, city_vocab = _map_unique(c_codes, c_uniques, fold)
    a_codes, a_uniques = encode(_column(table, "address"))
    address, address_vocab = _map_unique(a_codes, a_uniques, lambda v: normalize_address(v).text)
    pc_codes, pc_uniques = encode(_column(table, "postcode"))
    postcode, postcode_vocab = _map_unique(pc_codes, pc_uniques, _postcode_value)

    rid = _column(table, "record_id")
    if n >= LARGE_BATCH:
        clear_caches()
    return Prepared(
        n=n, record_id=rid.to_pylist(), **names,
        year=ymd[:, 0], month=ymd[:, 1], day=ymd[:, 2], sex=sex.astype(np.int8),
        nationality=nationality, document=document, doc_vocab=doc_vocab, phone=phone,
        phone_vocab=phone_vocab, email=email, city=city,
        address=address, address_vocab=address_vocab, postcode=postcode, postcode_vocab=postcode_vocab,
        sex_vocab=sex_vocab, email_vocab=email_vocab, nat_vocab=nat_vocab, city_vocab=city_vocab,
    )


def _date_parts(raw: str) -> tuple[int, int, int]:
    date = parse_partial_date(raw)
    return date.year or 0, (date.month or 0) if date.year else 0, (date.day or 0) if date.year and date.month else 0


class _Vocab(dict):
    """Word -> code, codes in order of first appearance; '' is always -1 (missing)."""

    def code(self, word: str | None) -> int:
        return self.setdefault(word, len(self)) if word else -1

    def words(self) -> list[str]:
        return list(self)


def _names(table: pa.Table) -> dict:
    """Given names, canonical first name, surnames and their sound codes, per row.

    The split form of a name is assembled from its given-name part and its surname part
    independently (``enlace.normalize.names``), so each distinct given-name value and each
    distinct surname value is parsed once; only rows whose whole name is in one box
    (``reads_as_full_name``, here on whole columns) are read whole, once per distinct pair
    of boxes, with ``read_name`` as matching on save reads them.
    """
    g_codes, g_uniques = encode(_column(table, "given_names"))
    s_codes, s_uniques = encode(_column(table, "surnames"))
    given_vocab, canon_vocab, sur_vocab = _Vocab(), _Vocab(), _Vocab()
    alternatives: dict[int, tuple[str, ...]] = {}

    def given_codes(name: PersonName) -> tuple[int, int]:
        canon = name.given[0] if name.given else name.initials[:1]
        code = canon_vocab.code(canon)
        if name.given_variants and len(name.given_variants[0]) > 1:
            alternatives[code] = name.given_variants[0]
        return given_vocab.code(name.given_raw), code

    def surname_codes(name: PersonName) -> tuple[int, int, int]:
        return (sur_vocab.code(surname_key(name.first_surname)), sur_vocab.code(surname_key(name.second_surname)),
                sur_vocab.code(surname_key(name.married_surname)))

    g_lut = np.array([given_codes(normalize_name(given_names=v)) for v in g_uniques] + [(-1, -1)], np.int32)
    s_lut = np.array([surname_codes(normalize_name(surnames=v)) for v in s_uniques] + [(-1, -1, -1)], np.int32)
    g_rows, s_rows = g_lut[g_codes], s_lut[s_codes]
    g_multi = np.array([len(v.split()) > 1 for v in g_uniques] + [False])[g_codes]
    g_blank = np.array([not v.strip() for v in g_uniques] + [True])[g_codes]
    s_comma = np.array(["," in v for v in s_uniques] + [False])[s_codes]
    s_blank = np.array([not v.strip() for v in s_uniques] + [True])[s_codes]
    odd = np.flatnonzero((g_blank & s_comma) | (s_blank & g_multi))
    width = len(s_uniques) + 1  # codes shifted by one: -1 (missing) becomes 0
    pair_codes, pairs = pd.factorize((g_codes[odd].astype(np.int64) + 1) * width + s_codes[odd] + 1)
    g_odd = np.empty((len(pairs), 2), np.int32)
    s_odd = np.empty((len(pairs), 3), np.int32)
    for k, packed in enumerate(pairs):
        g_code, s_code = (code - 1 for code in divmod(int(packed), width))
        name = read_name(g_uniques[g_code] if g_code >= 0 else "", s_uniques[s_code] if s_code >= 0 else "")
        g_odd[k], s_odd[k] = given_codes(name), surname_codes(name)
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


def _postcode_value(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def phone_regions(table: pa.Table, default_region: str) -> tuple[np.ndarray, list[str]]:
    """Per-row region for numbers written without a country code: the row's country when
    phonenumbers knows it, else the default (codes into the returned list of regions)."""
    c_codes, c_uniques = encode(_column(table, "country"))
    regions = [default_region.upper()]
    lut = np.zeros(len(c_uniques) + 1, dtype=np.int32)
    for i, value in enumerate(c_uniques):
        code = normalize_country(value)
        if code in phonenumbers.SUPPORTED_REGIONS:
            if code not in regions:
                regions.append(code)
            lut[i] = regions.index(code)
    return lut[c_codes], regions


def _phones(table: pa.Table, default_region: str) -> tuple[np.ndarray, list[str]]:
    """Phone match keys (``normalize_phone(...).match_key``), one library call per number.

    The raw text matters only through its dial string (``phone_dial``); a plain national
    number reads as its international form (``international_form``); and a dial string
    with "+" does not depend on the region. So "+591 7160-4219", "71604219" typed in
    Bolivia and "0059171604219" are parsed once, however many rows and countries hold them.
    """
    p_codes, p_uniques = encode(_column(table, "phone"))
    dial_codes, dials = pd.factorize(np.array([phone_dial(v) for v in p_uniques] + [""], dtype=object))
    row_region, regions = phone_regions(table, default_region)
    pair_codes, pairs = pd.factorize(dial_codes[p_codes].astype(np.int64) * len(regions) + row_region)
    forms = [international_form(dials[code // len(regions)], regions[code % len(regions)]) for code in pairs]
    form_codes, form_words = pd.factorize(np.array(forms + [""], dtype=object))
    plus = np.array([w.startswith("+") for w in form_words])
    pair_region = np.append(pairs % len(regions), 0)
    keyed = form_codes.astype(np.int64) * len(regions) + np.where(plus[form_codes], 0, pair_region)
    key_codes, keys = pd.factorize(keyed)
    vocab: dict[str, int] = {}
    lut = np.full(len(keys) + 1, -1, dtype=np.int32)
    key_plus = plus[keys // len(regions)]
    plus_keys = plus_match_keys([form_words[code // len(regions)] for code in keys[key_plus]],
                                default_region=regions[0])
    for k, value in zip(np.flatnonzero(key_plus), plus_keys, strict=True):
        if value:
            lut[k] = vocab.setdefault(value, len(vocab))
    for k in np.flatnonzero(~key_plus):
        code = keys[k]
        dial = form_words[code // len(regions)]
        value = normalize_dial(dial, default_region=regions[code % len(regions)]).match_key if dial else None
        if value:
            lut[k] = vocab.setdefault(value, len(vocab))
    return lut[key_codes[pair_codes]], list(vocab)


def encode_nonempty(values: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Codes for a normalised string column where '' means missing."""
    codes, uniques = encode(values)
    lut = np.full(len(uniques) + 1, -1, dtype=np.int32)
    words: list[str] = []
    for i, w in enumerate(uniques):
        if w:
            lut[i] = len(words)
            words.append(w)
    return lut[codes], words
