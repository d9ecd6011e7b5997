"""Vectorised preparation: raw columns -> integer-coded, normalised features.

Why this design: at a million rows, calling a Python normaliser per row costs tens of
seconds. Values repeat (names, cities, dates), so every column is dictionary-encoded with
Arrow, each *distinct* value is normalised once in Python, and rows get integer codes
through numpy lookups. Comparisons later work on those codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .text import clean_text, load_nicknames, spanish_phonetic, split_full_name, split_surnames

COLUMNS = (
    "record_id", "given_names", "surnames", "birth_date", "sex", "nationality",
    "document_number", "phone", "email", "city", "country",
)

# country -> (calling code, national significant number lengths, trunk prefix)
PHONE_PLANS: dict[str, tuple[str, tuple[int, ...], str]] = {
    "BO": ("591", (8,), "0"), "PE": ("51", (9, 8), "0"), "CO": ("57", (10, 8), "0"),
    "GT": ("502", (8,), ""), "AR": ("54", (10, 11), "0"), "CL": ("56", (9,), "0"),
    "PY": ("595", (9,), "0"), "BR": ("55", (10, 11), "0"), "EC": ("593", (9, 8), "0"),
    "MX": ("52", (10,), ""), "SV": ("503", (8,), ""), "HN": ("504", (8,), ""),
    "US": ("1", (10,), "1"), "ES": ("34", (9,), ""), "VE": ("58", (10,), "0"),
}
_CC_TO_LEN = {cc: lens for cc, lens, _ in PHONE_PLANS.values()}

DEPARTMENT_SUFFIXES = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BN", "PD", "PA", "BE", "EXT", "QR")
_DOC_SUFFIX = re.compile(r"^(\d{4,})(?:(?:" + "|".join(DEPARTMENT_SUFFIXES) + r")|-?\d[A-Z]|-[A-Z0-9]{1,2})?$")
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")
_DIGITS = re.compile(r"\D")
_DATE_SPLIT = re.compile(r"[/\-. ]+")

_DEMONYMS = {
    "bolivia": "BO", "boliviano": "BO", "boliviana": "BO", "bol": "BO",
    "peru": "PE", "peruano": "PE", "peruana": "PE", "per": "PE",
    "colombia": "CO", "colombiano": "CO", "colombiana": "CO", "col": "CO",
    "guatemala": "GT", "guatemalteco": "GT", "guatemalteca": "GT", "gtm": "GT",
    "argentina": "AR", "argentino": "AR", "arg": "AR", "chile": "CL", "chileno": "CL",
    "chilena": "CL", "chl": "CL", "paraguay": "PY", "paraguayo": "PY", "paraguaya": "PY",
    "pry": "PY", "brasil": "BR", "brazil": "BR", "brasileno": "BR", "brasilena": "BR",
    "bra": "BR", "ecuador": "EC", "ecuatoriano": "EC", "ecuatoriana": "EC", "ecu": "EC",
    "mexico": "MX", "mexicano": "MX", "mexicana": "MX", "mex": "MX", "venezuela": "VE",
    "venezolano": "VE", "venezolana": "VE", "ven": "VE", "honduras": "HN", "hondureno": "HN",
    "hondurena": "HN", "el salvador": "SV", "salvadoreno": "SV", "salvadorena": "SV",
}


def normalize_phone_value(raw: str, region: str) -> str:
    """E.164 for one raw phone; region is used only when no country code is written."""
    raw = raw.strip()
    intl = raw.startswith("+")
    digits = _DIGITS.sub("", raw)
    if not digits:
        return ""
    if digits.startswith("00"):
        digits, intl = digits[2:], True
    if intl:
        return "+" + digits
    for cc_len in (3, 2, 1):
        cc = digits[:cc_len]
        lens = _CC_TO_LEN.get(cc)
        if lens and len(digits) - cc_len in lens and len(digits) > max(lens):
            return "+" + digits
    cc, lens, trunk = PHONE_PLANS.get(region, ("", (), ""))
    if trunk and digits.startswith(trunk) and len(digits) - len(trunk) in lens:
        digits = digits[len(trunk):]
    return "+" + cc + digits if cc else digits


def normalize_document_value(raw: str) -> str:
    """Document core: upper-case, no dots/spaces/dashes, Bolivian department suffix dropped."""
    text = _DOC_CLEAN.sub("", clean_upper(raw))
    match = _DOC_SUFFIX.match(text)
    return match.group(1) if match else text


def clean_upper(raw: str) -> str:
    from .text import strip_accents

    return strip_accents(raw).upper()


def parse_date_value(raw: str) -> tuple[int, int, int]:
    """(year, month, day) with 0 for unknown parts; dd/mm/yyyy is the regional default.

    A first part above 12 is a day; a second part above 12 means the writer used mm/dd, so
    the two are swapped back. Impossible values keep only the year.
    """
    text = raw.strip()
    if not text:
        return 0, 0, 0
    parts = [p for p in _DATE_SPLIT.split(text) if p]
    if len(parts) == 1:
        p = _DIGITS.sub("", parts[0])
        if len(p) == 4:
            return _year(p), 0, 0
        if len(p) == 8:
            if 1800 <= int(p[:4]) <= 2100:
                return _valid(int(p[:4]), int(p[4:6]), int(p[6:8]))
            return _valid(int(p[4:]), int(p[2:4]), int(p[:2]))
        return 0, 0, 0
    parts = [_DIGITS.sub("", p) for p in parts]
    if any(not p for p in parts):
        return 0, 0, 0
    if len(parts) == 2:  # mm/yyyy
        return (_year(parts[1]), int(parts[0]) if 1 <= int(parts[0]) <= 12 else 0, 0)
    a, b, c = parts[:3]
    if len(a) == 4:
        return _valid(int(a), int(b), int(c))
    day, month = int(a), int(b)
    if month > 12 and day <= 12:
        day, month = month, day
    return _valid(_year(c), month, day)


def _year(text: str) -> int:
    year = int(text) if text.isdigit() else 0
    if 0 <= year < 100:
        year += 1900 if year > 30 else 2000
    return year if 1850 <= year <= 2100 else 0


def _valid(year: int, month: int, day: int) -> tuple[int, int, int]:
    if not (1850 <= year <= 2100):
        return 0, 0, 0
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return year, 0, 0
    return year, month, day


def normalize_country_value(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    if text in _DEMONYMS:
        return _DEMONYMS[text]
    if len(text) == 2:
        return text.upper()
    return text.upper()[:3]


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
    for i, (given, (a, b, c)) in split_rows.items():
        given_txt[i] = given
        sur1[i], sur2[i], married[i] = sid(a), sid(b), sid(c)
    del sur_parts

    given_vocab: dict[str, int] = {"": -1}
    canon_vocab: dict[str, int] = {"": -1}

    def canon_of(given: str) -> str:
        if given in nicknames:
            return nicknames[given]
        tokens = [t for t in given.split() if t not in ("de", "del", "la", "los", "las", "y")]
        first = tokens[0] if tokens else ""
        return nicknames.get(first, first)

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
    doc_codes, doc_uniques = encode(_column(table, "document_number"))
    document, doc_vocab = _map_unique(doc_codes, doc_uniques, normalize_document_value)

    region = _regions(table, default_region)
    p_codes, p_uniques = encode(_column(table, "phone"))
    phone, phone_vocab = _phones(p_codes, p_uniques, region)

    e_codes, e_uniques = encode(_column(table, "email"))
    email, _ = _map_unique(e_codes, e_uniques, lambda v: v.strip().lower() if "@" in v else "")
    sx_codes, sx_uniques = encode(_column(table, "sex"))
    sex, _ = _map_unique(sx_codes, sx_uniques, _sex_value)
    n_codes, n_uniques = encode(_column(table, "nationality"))
    nationality, _ = _map_unique(n_codes, n_uniques, normalize_country_value)
    c_codes, c_uniques = encode(_column(table, "city"))
    city, _ = _map_unique(c_codes, c_uniques, clean_text)

    rid = _column(table, "record_id")
    return Prepared(
        n=n, record_id=rid.to_pylist(), given=given_code, given_canon=canon_code,
        given_vocab=[w for w in given_vocab if w], canon_vocab=canon_words,
        sur1=sur1, sur2=sur2, married=married, sur_vocab=sur_words, sur_tf=sur_tf,
        year=ymd[:, 0], month=ymd[:, 1], day=ymd[:, 2], sex=sex.astype(np.int8),
        nationality=nationality, document=document, doc_vocab=doc_vocab, phone=phone,
        phone_vocab=phone_vocab, email=email, city=city, sur_phon=sur_phon, canon_phon=canon_phon,
    )


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


def _phones(p_codes: np.ndarray, p_uniques: list, region: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """E.164 codes; only (value, region) combinations that occur are normalised."""
    names = list(PHONE_PLANS) + [""]
    combo = p_codes.astype(np.int64) * 64 + (region.astype(np.int64) % 64)
    combo[p_codes < 0] = -1
    c_codes, c_uniques = pd.factorize(combo)
    vocab: dict[str, int] = {"": -1}
    lut = np.empty(len(c_uniques) + 1, dtype=np.int32)
    lut[-1] = -1
    for i, c in enumerate(c_uniques):
        if c < 0:
            lut[i] = -1
            continue
        reg_idx = int(c % 64)
        reg = names[reg_idx] if reg_idx < len(PHONE_PLANS) else ""
        out = normalize_phone_value(p_uniques[int(c // 64)], reg)
        lut[i] = vocab.setdefault(out, len(vocab) - 1) if len(out) >= 7 else -1
    return lut[c_codes], [w for w in vocab if w]
