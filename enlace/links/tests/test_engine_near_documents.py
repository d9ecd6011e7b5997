"""Document numbers one edit apart become candidate pairs; place fields weighed against namesakes."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from enlace.links.engine.blocking import candidate_pairs
from enlace.links.engine.compare import compare_pairs, level
from enlace.links.engine.model import score
from enlace.links.engine.near_documents import deletion_keys, near_number_pairs
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import Settings, _train, explain, resolve_records, to_table


def _shares_a_key(a: str, b: str) -> bool:
    owner, key = deletion_keys([a, b])
    return bool(set(key[owner == 0].tolist()) & set(key[owner == 1].tolist()))


@pytest.mark.parametrize(
    ("a", "b"),
    [("48776828", "4877682"),  # a digit lost
     ("64911037", "64191037"),  # two neighbours swapped
     ("52713681", "52713581"),  # one replaced
     ("9014483868", "90144838680"),  # one added at the end
     ("1033513", "10335513")],  # one doubled
)
def test_numbers_one_edit_apart_share_a_key(a, b):
    assert _shares_a_key(a, b)


@pytest.mark.parametrize(("a", "b"), [("48776828", "84776882"), ("12345678", "87654321"), ("52713681", "61371825")])
def test_numbers_further_apart_share_none(a, b):
    assert Levenshtein.distance(a, b) > 2
    assert not _shares_a_key(a, b)


def test_numbers_differing_only_by_one_in_a_character_do_not_collide():
    # Plain polynomial sums of "4160874" (a deletion of the first) and "5160874" (of the second)
    # differ by one: the keys are mixed, so that the two numbers, three edits apart, do not meet.
    assert not _shares_a_key("34160874", "51650874")
    words = [f"{n:08d}" for n in range(10_000_000, 10_004_000)]
    left, right = near_number_pairs(words, max_block=10_000)
    distances = {Levenshtein.distance(words[a], words[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)}
    assert distances <= {1, 2}


def test_short_and_overlong_numbers_are_left_out():
    owner, _key = deletion_keys(["12345", "123456", "1" * 21, "9" * 20])
    assert set(owner.tolist()) == {1, 3}


def _records(rows):
    cols = ("record_id", "given_names", "surnames", "birth_date", "document_number", "city")
    return to_table([dict(zip(cols, row, strict=True)) for row in rows])


def test_a_lost_digit_makes_a_candidate_pair_that_no_other_key_would():
    # Nothing else in common that a key would see: other surnames (married name), no date.
    prep = prepare(_records([
        ("a", "Julia", "Yupanqui Apaza", "", "48776828", "Ayacucho"),
        ("b", "Julia", "Gonzales", "", "4877682", ""),
        ("c", "Pedro", "Gonzales", "", "4877682", ""),  # same number, another initial: not paired with a
    ]))
    left, right, stats = candidate_pairs(prep)
    pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    assert (0, 1) in pairs and (0, 2) not in pairs
    assert next(s.pairs for s in stats if s.name == "document_one_edit") == 1
    assert compare_pairs(prep, np.array([0], np.int32), np.array([1], np.int32))[0, 3] == level("document", "one_edit")


def _town_of_namesakes(n_families: int = 1500) -> list[dict]:
    """Households: each surname pair lives in its own town; members have different given names."""
    rng = np.random.default_rng(3)
    given = ["Juan", "Rosa", "Pedro", "Maria", "Luis", "Ana", "Jorge", "Elena", "Mario", "Sonia", "Hugo", "Nora"]
    syllables = ["ka", "lu", "mi", "so", "te", "wa", "ri", "no"]
    words = [(a + b + c).capitalize() for a in syllables for b in syllables for c in syllables]
    rows = []
    for f in range(n_families):
        surnames, town = f"{words[f % 500]} {words[(f * 7) % 512]}", f"Pueblo {words[f % 500]}"
        for k in range(4):
            rows.append({"record_id": f"{f}-{k}", "given_names": given[rng.integers(len(given))], "surnames": surnames,
                         "birth_date": f"{1950 + rng.integers(50)}-0{1 + rng.integers(9)}-1{rng.integers(9)}",
                         "city": town})
    return rows


def test_a_shared_town_counts_for_less_between_people_who_share_surnames():
    rows = _town_of_namesakes()
    prep = prepare(to_table(rows))
    model = _train(prep, compare_pairs(prep, np.array([0, 4], np.int32), np.array([1, 5], np.int32)),
                   Settings(min_records_for_em=10))
    assert model.u_same_surnames is not None
    city, same = 8, level("city", "same")
    # Strangers with the same surnames live in the same town here; random pairs almost never do.
    assert model.u_same_surnames[city, same] > 0.5 > 0.05 > model.u[city, same]
    kin = model.weights_same_surnames()[city, same]
    assert kin < model.weights()[city, same] - 3
    # Scoring uses it only when the surnames agree.
    levels = compare_pairs(prep, np.array([0, 0], np.int32), np.array([1, 8], np.int32))
    assert levels[0, 1] >= level("surnames", "first_and_compatible") > levels[1, 1]
    with_kin, _ = score(model, levels)
    reasons = explain(model, levels, np.zeros(2))
    assert f"city=same({kin:+.1f})" in reasons[0]  # the reasons show the weight the score used
    model.u_same_surnames = None
    without, _ = score(model, levels)
    assert with_kin[0] < without[0] - 3 and with_kin[1] == without[1]


def test_the_estimate_travels_with_a_saved_model():
    res = resolve_records(_town_of_namesakes(), settings=Settings(min_records_for_em=10))
    again = type(res.model).from_dict(res.model.to_dict())
    assert again.u_same_surnames is not None
    assert np.allclose(again.u_same_surnames, res.model.u_same_surnames)


def test_a_number_on_many_records_brings_no_near_pairs():
    rows = [(f"u{k}", "Juan", f"Apaza{k}", "", "0000000", "") for k in range(40)]
    rows += [(f"v{k}", "Jose", f"Mamani{k}", "", "00000000", "") for k in range(40)]
    prep = prepare(_records(rows))
    _left, _right, stats = candidate_pairs(prep, max_block=30)
    assert next(s.pairs for s in stats if s.name == "document_one_edit") == 0
