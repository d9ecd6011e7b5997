"""Vectorised preparation: raw columns -> integer-coded, normalised features.

Why this design: at a million rows, calling a Python normaliser per row costs tens of
seconds. Values repeat (names, cities, dates), so every column is dictionary-encoded with
Arrow, each *distinct* value is normalised once in Python, and rows get integer codes
through numpy lookups. Comparisons later work on those codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .text import (
    canonical_given,
    clean_text,
    load_nicknames,
    spanish_phonetic,
    split_full_name,
    split_surnames,
    strip_accents,
)
from .values import (  # noqa: F401 - re-exported for callers of prepare
    _CC_TO_LEN,
    _DOC_SUFFIX,
    DEPARTMENT_SUFFIXES,
    PHONE_PLANS,
    normalize_country_value,
    normalize_document_value,
    normalize_phone_value,
    parse_date_value,
)

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


def _column(table: pa.Table, name: str) -> pa.Array:
    if name in table.column_names:
        return table.column(name)
    return pa.nulls(table.num_rows, pa.string())


def prepare(table: pa.Table, *, default_region: str = "BO") -> Prepared:
    """Normalise every known column of an Arrow table of strings."""
    n = table.num_rows
    nicknames = load_nicknames()

    # --- names --------------------------------------------------------------------
    g_codes, g_uniques = encode(_column(table, "given_names"))
    s_codes, s_uniques = encode(_column(table, "surnames"))
    g_clean = [clean_text(v) for v in g_uniques] + [""]
    s_clean = [clean_text(v) for v in s_uniques] + [""]
    s_split = [split_surnames(v) for v in s_clean]
    given_txt = np.array(g_clean, dtype=object)[g_codes]
    sur_parts = np.array(s_split + [("", "", "")], dtype=object)
    # Rows written as one string ("MAMANI QUISPE, Juan") in either field: re-split them.
    g_comma = np.array(["," in v for v in g_uniques] + [False, False])[g_codes]
    s_comma = np.array(["," in v for v in s_uniques] + [False, False])[s_codes]
    g_missing = np.array([not v for v in g_clean] + [True])[g_codes]
    s_missing = np.array([not v for v in s_clean] + [True])[s_codes]
    odd = np.flatnonzero((s_comma & g_missing) | (g_comma & s_missing))
    split_rows: dict[int, tuple[str, tuple[str, str, str]]] = {}
    for i in odd:
        raw = s_uniques[s_codes[i]] if s_comma[i] else g_uniques[g_codes[i]]
        given, surn = split_full_name(raw)
        split_rows[int(i)] = (given, split_surnames(surn))

    sur_vocab: dict[str, int] = {"": -1}

    def sid(word: str) -> int:
        return sur_vocab.setdefault(word, len(sur_vocab) - 1) if word else -1

    s_lut = np.array([[sid(a), sid(b), sid(c)] for a, b, c in s_split] + [[-1, -1, -1]], dtype=np.int32)
    sur = s_lut[s_codes]
    sur1, sur2, married = sur[:, 0].copy(), sur[:, 1].copy(), sur[:, 2].copy()
    for row, (given, (a, b, c)) in split_rows.items():
        given_txt[row] = given
        sur1[row], sur2[row], married[row] = sid(a), sid(b), sid(c)
    del sur_parts

    given_vocab: dict[str, int] = {"": -1}
    canon_vocab: dict[str, int] = {"": -1}

    def canon_of(given: str) -> str:
        return canonical_given(given, nicknames)

    gv_codes, gv_uniques = pd.factorize(given_txt, use_na_sentinel=True)
    g_full_lut = np.array([given_vocab.setdefault(v, len(given_vocab) - 1) if v else -1
                           for v in gv_uniques] + [-1], dtype=np.int32)
    g_canon_lut = np.array([(lambda c: canon_vocab.setdefault(c, len(canon_vocab) - 1) if c else -1)(canon_of(v))
                            for v in gv_uniques] + [-1], dtype=np.int32)
    given_code = g_full_lut[gv_codes]
    canon_code = g_canon_lut[gv_codes]

    sur_words = [w for w in sur_vocab if w]
    counts = np.bincount(sur1[sur1 >= 0], minlength=len(sur_words)).astype(np.float64)
    counts += np.bincount(sur2[sur2 >= 0], minlength=len(sur_words))
    sur_tf = (counts + 1.0) / max(1.0, counts.sum())

    phon_vocab: dict[str, int] = {}
    sur_phon = np.array([phon_vocab.setdefault(spanish_phonetic(w), len(phon_vocab)) for w in sur_words],
                        dtype=np.int32)
    canon_words = [w for w in canon_vocab if w]
    canon_phon = np.array([phon_vocab.setdefault(spanish_phonetic(w), len(phon_vocab)) for w in canon_words],
                          dtype=np.int32)

    # --- dates ----------------------------------------------------------------------
    d_codes, d_uniques = encode(_column(table, "birth_date"))
    ymd = np.array([parse_date_value(v) for v in d_uniques] + [(0, 0, 0)], dtype=np.int16)[d_codes]

    # --- identifiers ------------------------------------------------------------------
    document, doc_vocab = encode_nonempty(documents_vectorised(_column(table, "document_number")))

    region = _regions(table, default_region)
    phone, phone_vocab = encode_nonempty(phones_vectorised(_column(table, "phone"), region))

    e_codes, e_uniques = encode(_column(table, "email"))
    email, email_vocab = _map_unique(e_codes, e_uniques, lambda v: v.strip().lower() if "@" in v else "")
    sx_codes, sx_uniques = encode(_column(table, "sex"))
    sex, sex_vocab = _map_unique(sx_codes, sx_uniques, _sex_value)
    n_codes, n_uniques = encode(_column(table, "nationality"))
    nationality, nat_vocab = _map_unique(n_codes, n_uniques, normalize_country_value)
    c_codes, c_uniques = encode(_column(table, "city"))
    city, city_vocab = _map_unique(c_codes, c_uniques, clean_text)
    a_codes, a_uniques = encode(_column(table, "address"))
    address, address_vocab = _map_unique(a_codes, a_uniques, _address_value)
    pc_codes, pc_uniques = encode(_column(table, "postcode"))
    postcode, postcode_vocab = _map_unique(pc_codes, pc_uniques, _postcode_value)

    rid = _column(table, "record_id")
    return Prepared(
        n=n, record_id=rid.to_pylist(), given=given_code, given_canon=canon_code,
        given_vocab=[w for w in given_vocab if w], canon_vocab=canon_words,
        sur1=sur1, sur2=sur2, married=married, sur_vocab=sur_words, sur_tf=sur_tf,
        year=ymd[:, 0], month=ymd[:, 1], day=ymd[:, 2], sex=sex.astype(np.int8),
        nationality=nationality, document=document, doc_vocab=doc_vocab, phone=phone,
        phone_vocab=phone_vocab, email=email, city=city, sur_phon=sur_phon, canon_phon=canon_phon,
        given_initial=np.array([ord(w[0]) for w in given_vocab if w], dtype=np.int32),
        sur_initial=np.array([ord(w[0]) for w in sur_words], dtype=np.int32),
        address=address, address_vocab=address_vocab, postcode=postcode, postcode_vocab=postcode_vocab,
        phon_index=phon_vocab, sex_vocab=sex_vocab, email_vocab=email_vocab, nat_vocab=nat_vocab, city_vocab=city_vocab,
    )


def _address_value(raw: str) -> str:
    """Street address for comparison: cleaned text with digits kept ('Av. 6 de Agosto 2170')."""
    text = strip_accents(raw).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def _postcode_value(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _sex_value(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    if text[0] in "mhv":  # masculino, hombre, varon, male
        return "M"
    if text[0] in "fw":  # femenino, female, woman
        return "F"
    return ""


def _regions(table: pa.Table, default_region: str) -> np.ndarray:
    """Per-row phone region code: the row's country if it has a phone plan, else the default."""
    names = list(PHONE_PLANS)
    default_idx = names.index(default_region) if default_region in PHONE_PLANS else -1
    c_codes, c_uniques = encode(_column(table, "country"))
    lut = np.array([names.index(c) if (c := normalize_country_value(v)) in PHONE_PLANS else default_idx
                    for v in c_uniques] + [default_idx], dtype=np.int16)
    return lut[c_codes]


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


def _chunk(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return pc.fill_null(pc.cast(arr, pa.string()), "")


def documents_vectorised(raw: pa.ChunkedArray | pa.Array) -> pa.Array:
    """normalize_document_value for a whole column, in Arrow's C++ kernels."""
    text = pc.replace_substring_regex(pc.utf8_upper(_chunk(raw)), r"[^0-9A-Z]", "")
    core_pattern = _DOC_SUFFIX.pattern.replace("(\\d{4,})", "(?P<core>\\d{4,})", 1)
    core = pc.struct_field(pc.extract_regex(text, core_pattern), [0])
    return pc.if_else(pc.is_null(core), text, core)


def phones_vectorised(raw: pa.ChunkedArray | pa.Array, region: np.ndarray) -> pa.Array:
    """normalize_phone_value for a whole column (region: index into PHONE_PLANS, -1 none)."""
    text = pc.utf8_trim_whitespace(_chunk(raw))
    intl = pc.starts_with(text, "+")
    digits = pc.replace_substring_regex(text, r"\D", "")
    zz = pc.starts_with(digits, "00")
    digits = pc.if_else(zz, pc.utf8_slice_codeunits(digits, 2), digits)
    intl = pc.or_(intl, zz)
    n = pc.utf8_length(digits).to_numpy(zero_copy_only=False)
    intl_np = intl.to_numpy(zero_copy_only=False).copy()
    for cc_len in (3, 2, 1):  # a country code written without + or 00
        prefix = pc.utf8_slice_codeunits(digits, 0, cc_len).to_numpy(zero_copy_only=False)
        for cc, lens in _CC_TO_LEN.items():
            if len(cc) != cc_len:
                continue
            eq = prefix == cc
            if not eq.any():
                continue
            rest = n - cc_len
            intl_np |= eq & ((rest == lens[0]) | (rest == lens[-1])) & (n > max(lens))
    national = digits
    cc_col = np.full(n.size, "", dtype=object)
    names = list(PHONE_PLANS)
    for idx, name in enumerate(names):
        cc, lens, trunk = PHONE_PLANS[name]
        rows = (region == idx) & ~intl_np
        if not rows.any():
            continue
        cc_col[rows] = cc
        if trunk:
            first = pc.utf8_slice_codeunits(digits, 0, len(trunk)).to_numpy(zero_copy_only=False)
            rest = n - len(trunk)
            strip = rows & (first == trunk) & ((rest == lens[0]) | (rest == lens[-1]))
            if strip.any():
                national = pc.if_else(pa.array(strip), pc.utf8_slice_codeunits(national, len(trunk)), national)
    plus = np.where(intl_np | (cc_col != ""), "+", "").astype(object)
    out = pc.binary_join_element_wise(pa.array(plus, pa.string()), pa.array(cc_col, pa.string()), national, "")
    short = (pc.utf8_length(out).to_numpy(zero_copy_only=False) < 7) | (n == 0)
    return pc.if_else(pa.array(short), "", out)
