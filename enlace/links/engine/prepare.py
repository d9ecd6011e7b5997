"""Vectorised preparation: raw columns -> integer-coded, normalised features.

Why this design: at a million rows, calling a Python normaliser per row costs tens of
seconds. Values repeat (names, cities, dates), so every column is dictionary-encoded with
Arrow, each *distinct* value is normalised once with the one set of normalisers that
matching on save uses too (``enlace.normalize``), and rows get integer codes through
numpy lookups. Comparisons later work on those codes. The engine keeps no rules of its
own: a pair must compare the same way whichever path scores it.

For a large batch the normalisers run on every core (``parallel.py``); the codes are given
here, in one process and one order, so the result is the same on one core or many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from enlace.normalize import (
    clear_caches,
    fold,
    international_form,
    normalize_address,
    normalize_country,
    normalize_dial,
    normalize_document,
    normalize_email,
    normalize_sex,
    parse_partial_date,
    phone_dial,
    plus_match_keys,
)

from .edits import Edges, edges
from .name_codes import name_codes
from .parallel import PARALLEL_MIN_RECORDS, Mapper, pool_size

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


def _map_unique(codes: np.ndarray, uniques: list, func) -> tuple[np.ndarray, list[str]]:
    """Apply func to each distinct value; return row codes into a vocabulary of results."""
    return _code_results(codes, [func(value) for value in uniques])


def _code_results(codes: np.ndarray, results: list) -> tuple[np.ndarray, list[str]]:
    """Row codes into a vocabulary of the distinct values' results (in order of first
    appearance; an empty result is -1)."""
    vocab: dict[str, int] = {"": -1}
    lut = np.empty(len(results) + 1, dtype=np.int32)
    lut[-1] = -1
    for i, out in enumerate(results):
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

    # Computed once per batch on first use, for the comparisons of every chunk and stage.
    @cached_property
    def doc_edges(self) -> Edges:
        return edges(self.doc_vocab)

    @cached_property
    def postcode_edges(self) -> Edges:
        return edges(self.postcode_vocab)

    @cached_property
    def given_first_word(self) -> np.ndarray:
        """Per given-name value, its first word (a given name typed as a surname)."""
        return np.asarray([w.split(" ")[0] for w in self.given_vocab], dtype=object)

    def words(self, vocab: str) -> np.ndarray:
        """The vocabulary of that name as an array, to index by codes (made once)."""
        made = self.__dict__.setdefault("_words", {})
        if vocab not in made:
            made[vocab] = np.asarray(getattr(self, vocab), dtype=object)
        return made[vocab]


def _column(table: pa.Table, name: str) -> pa.Array:
    if name in table.column_names:
        return table.column(name)
    return pa.nulls(table.num_rows, pa.string())


def prepare(table: pa.Table, *, default_region: str = "BO", workers: int = 1,
            parallel_from: int = PARALLEL_MIN_RECORDS) -> Prepared:
    """Normalise every known column of an Arrow table of strings.

    workers: processes for the normalisers, as ``Settings.workers`` (-1: every core). From
    parallel_from records on, and where ``parallel.pool_size`` allows it, the distinct
    values are normalised in worker processes; the result is the same either way. The
    default, 1, prepares in this process.
    """
    n = table.num_rows
    with Mapper(pool_size(n, workers=workers, parallel_from=parallel_from)) as mapper:
        prepared = _prepare(table, default_region, mapper)
    if n >= LARGE_BATCH:
        clear_caches()
    return prepared


def _prepare(table: pa.Table, default_region: str, mapper: Mapper) -> Prepared:
    """Hands the costly columns to mapper first, does the cheap ones while it works, then
    turns every column's results into codes."""
    names = name_codes(*encode(_column(table, "given_names")), *encode(_column(table, "surnames")), mapper)
    d_codes, d_uniques = encode(_column(table, "birth_date"))
    dates = mapper.map(_date_parts, d_uniques)
    doc_codes, doc_uniques = encode(_column(table, "document_number"))
    documents = mapper.map(_document_key, doc_uniques)
    a_codes, a_uniques = encode(_column(table, "address"))
    addresses = mapper.map(_address_text, a_uniques)
    e_codes, e_uniques = encode(_column(table, "email"))
    emails = mapper.map(_email_key, e_uniques)
    phones = _phones(table, default_region, mapper)

    sx_codes, sx_uniques = encode(_column(table, "sex"))
    sex, sex_vocab = _map_unique(sx_codes, sx_uniques, normalize_sex)
    n_codes, n_uniques = encode(_column(table, "nationality"))
    nationality, nat_vocab = _map_unique(n_codes, n_uniques, normalize_country)
    c_codes, c_uniques = encode(_column(table, "city"))
    city, city_vocab = _map_unique(c_codes, c_uniques, fold)
    pc_codes, pc_uniques = encode(_column(table, "postcode"))
    postcode, postcode_vocab = _map_unique(pc_codes, pc_uniques, _postcode_value)
    record_id = _column(table, "record_id").to_pylist()

    name_fields = names()
    ymd = np.array(dates.result() + [(0, 0, 0)], dtype=np.int16)[d_codes]
    document, doc_vocab = _code_results(doc_codes, documents.result())
    address, address_vocab = _code_results(a_codes, addresses.result())
    email, email_vocab = _code_results(e_codes, emails.result())
    phone, phone_vocab = phones()
    return Prepared(
        n=table.num_rows, record_id=record_id, **name_fields,
        year=ymd[:, 0], month=ymd[:, 1], day=ymd[:, 2], sex=sex.astype(np.int8),
        nationality=nationality, document=document, doc_vocab=doc_vocab, phone=phone,
        phone_vocab=phone_vocab, email=email, city=city,
        address=address, address_vocab=address_vocab, postcode=postcode, postcode_vocab=postcode_vocab,
        sex_vocab=sex_vocab, email_vocab=email_vocab, nat_vocab=nat_vocab, city_vocab=city_vocab,
    )


# What each distinct value becomes; module-level so that worker processes can run them.
def _date_parts(raw: str) -> tuple[int, int, int]:
    date = parse_partial_date(raw)
    return date.year or 0, (date.month or 0) if date.year else 0, (date.day or 0) if date.year and date.month else 0


def _document_key(raw: str) -> str | None:
    return normalize_document(raw).match_key


def _address_text(raw: str) -> str:
    return normalize_address(raw).text


def _email_key(raw: str) -> str:
    return normalize_email(raw) or ""


def _dial_key(dial_region: tuple[str, str]) -> str | None:
    dial, region = dial_region
    return normalize_dial(dial, default_region=region).match_key if dial else None


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


def _phones(table: pa.Table, default_region: str, mapper: Mapper) -> Callable[[], tuple[np.ndarray, list[str]]]:
    """Phone match keys (``normalize_phone(...).match_key``), one library call per number.

    The raw text matters only through its dial string (``phone_dial``); a plain national
    number reads as its international form (``international_form``); and a dial string
    with "+" does not depend on the region. So "+591 7160-4219", "71604219" typed in
    Bolivia and "0059171604219" are parsed once, however many rows and countries hold them.
    The library calls go to mapper; the returned function gives (row codes, vocabulary).
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
    key_plus = plus[keys // len(regions)]
    plus_rows, other_rows = np.flatnonzero(key_plus), np.flatnonzero(~key_plus)
    plus_keys = mapper.map(partial(plus_match_keys, default_region=regions[0]),
                           [form_words[code // len(regions)] for code in keys[plus_rows]], bulk=True)
    other_keys = mapper.map(_dial_key, [(form_words[code // len(regions)], regions[code % len(regions)])
                                        for code in keys[other_rows]])

    def finish() -> tuple[np.ndarray, list[str]]:
        vocab: dict[str, int] = {}
        lut = np.full(len(keys) + 1, -1, dtype=np.int32)
        for rows, values in ((plus_rows, plus_keys), (other_rows, other_keys)):
            for k, value in zip(rows, values.result(), strict=True):
                if value:
                    lut[k] = vocab.setdefault(value, len(vocab))
        return lut[key_codes[pair_codes]], list(vocab)

    return finish


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
