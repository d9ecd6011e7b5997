"""The engine's vectorised normalisation agrees with the per-record normalisers.

The engine normalises distinct values with its own compact rules for speed; these tests
hold them to the reference functions in enlace.links.normalize on synthetic samples.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from enlace.links.engine.prepare import (
    PHONE_PLANS,
    documents_vectorised,
    normalize_document_value,
    normalize_phone_value,
    parse_date_value,
    phones_vectorised,
    prepare,
)
from enlace.links.synth import generate

normalize = pytest.importorskip("enlace.links.normalize")
names_mod = pytest.importorskip("enlace.links.normalize.names")


@pytest.fixture(scope="module")
def sample():
    table = generate(2500, seed=11)
    return table, prepare(table), table.to_pylist()


def test_phones_agree(sample):
    _, _, rows = sample
    checked = 0
    for r in rows:
        if r["phone"]:
            ref = normalize.normalize_phone(r["phone"], default_region=r["country"]).e164
            assert normalize_phone_value(r["phone"], r["country"]) == ref, r["phone"]
            checked += 1
    assert checked > 500


def test_vectorised_phones_and_documents_agree(sample):
    table, _, rows = sample
    names = list(PHONE_PLANS)
    region = np.array([names.index(r["country"]) for r in rows])
    phones = phones_vectorised(table.column("phone"), region).to_pylist()
    docs = documents_vectorised(table.column("document_number")).to_pylist()
    for r, phone, doc in zip(rows, phones, docs, strict=True):
        want_phone = normalize.normalize_phone(r["phone"], default_region=r["country"]).e164 if r["phone"] else None
        assert (phone or None) == want_phone, r["phone"]
        want_doc = normalize.normalize_document(r["document_number"], country=r["country"]).number
        assert doc == (want_doc or ""), r["document_number"]
    odd = ["0059171234567", "071234567", "+591 7123-4567", "", "12"]
    got = phones_vectorised(pa.array(odd), np.zeros(len(odd), dtype=int)).to_pylist()
    assert got == [normalize_phone_value(x, "BO") if len(normalize_phone_value(x, "BO")) >= 7 else "" for x in odd]


def test_documents_agree(sample):
    _, _, rows = sample
    docs = [r for r in rows if r["document_number"]]
    assert len(docs) > 500
    for r in docs:
        ref = normalize.normalize_document(r["document_number"], country=r["country"]).number
        assert normalize_document_value(r["document_number"]) == ref, r["document_number"]


def test_dates_agree(sample):
    _, _, rows = sample
    for r in rows:
        ref = normalize.parse_partial_date(r["birth_date"])
        assert parse_date_value(r["birth_date"]) == (ref.year or 0, ref.month or 0, ref.day or 0), r["birth_date"]


def test_surnames_agree(sample):
    _, prep, rows = sample
    vocab = prep.sur_vocab

    def word(code):
        return vocab[code] if code >= 0 else None

    for i, r in enumerate(rows):
        given, surnames = r["given_names"], r["surnames"]
        if not given and "," in surnames:  # 'SURNAMES, GIVEN' typed in one field
            ref = normalize.normalize_name(full_name=surnames)
        else:
            ref = normalize.normalize_name(given_names=given, surnames=surnames)
        want = tuple(names_mod._surname_key(x) or None
                     for x in (ref.first_surname, ref.second_surname, ref.married_surname))
        got = (word(prep.sur1[i]), word(prep.sur2[i]), word(prep.married[i]))
        assert got == want, (given, surnames)
