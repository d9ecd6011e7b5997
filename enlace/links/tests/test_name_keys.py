"""The name keys of the match index: narrow enough for a million persons, shared by a true
duplicate written another way, and not by a mere namesake."""

from __future__ import annotations

import pytest

from enlace.links import matching
from enlace.normalize import PartialDate, normalize_name

from .links_factories import add_person


def _features(name, year=None, month=None, day=None, sex="U"):
    return matching.Features(person_id=1, names=(name,), birth=PartialDate(year, month, day), sex=sex,
                             nationality="")


def _keys(name, *date):
    return matching.name_block_values(_features(name, *date))


def test_every_key_combines_a_name_with_another_part():
    keys = _keys(normalize_name(full_name="Pancho Quispe Mamani de Condori"), 1990, 5, 12)
    assert keys == {
        "gsy:francisco|kispi|1990": "gsy", "gsy:francisco|mamani|1990": "gsy", "gsy:francisco|kunduri|1990": "gsy",
        "gsd:francisco|kispi|5.12": "gsd", "gsd:francisco|mamani|5.12": "gsd", "gsd:francisco|kunduri|5.12": "gsd",
        "gs:francisco|kispi": "gs", "gs:francisco|mamani": "gs", "gs:francisco|kunduri": "gs",
        "gss:francisco|kispi|mamani": "gss", "gdy:francisco|5.12|1990": "gdy", "dyi:1990|5.12|f": "dyi",
        "ssy:kispi|mamani|1990": "ssy",
    }


@pytest.mark.parametrize(("a", "b", "shared"), [
    # comma form + nickname + spelling by sound + day and month swapped
    (("QUISPE MAMANI, Francisco", 1990, 12, 5), ("Pancho Kispe Mamani", 1990, 5, 12), "gdy:francisco|5.12|1990"),
    # surnames swapped, no birth date on one side
    (("Rosa Mamani Quispe", None), ("Rosa Quispe Mamani", 1985), "gss:rosa|kispi|mamani"),
    # married name only, full date on both
    (("Ana Condori de Yujra", 1963, 7, 4), ("Ana Yujra", 1963, 7, 4), "gsy:ana|yujra|1963"),
    # misspelt given name: full date and initial
    (("Marisol Mamani", 1984, 11, 20), ("Marysoll Mamani", 1984, 11, 20), "dyi:1984|11.20|m"),
    # a surname changed completely (marriage not written): given name and full date
    (("Elena Callisaya", 1965, 12, 27), ("Elena Ticona", 1965, 12, 27), "gdy:elena|12.27|1965"),
    # given name misspelt and one date part missing: both surnames and year
    (("Cristobal Huanca Rojas", 1987), ("Cristobla Huanca Rojas", 1987, 2, 19), "ssy:rujas|wanka|1987"),
])
def test_a_duplicate_written_another_way_shares_a_key(a, b, shared):
    name_a, *date_a = a
    name_b, *date_b = b
    assert shared in set(_keys(normalize_name(full_name=name_a), *date_a)) & set(
        _keys(normalize_name(full_name=name_b), *date_b))


def test_namesakes_born_in_other_years_share_only_the_broad_key():
    a = _keys(normalize_name(full_name="Juan Mamani Quispe"), 1960, 3, 1)
    b = _keys(normalize_name(full_name="Juan Mamani Quispe"), 1991, 8, 9)
    assert {a[k] for k in set(a) & set(b)} == {"gs", "gss"}


def test_initials_only_record_gets_surname_and_initial_keys():
    assert _keys(normalize_name(full_name="J. Pérez")) == {"pi:piris|j": "pi"}


def test_block_limits_follow_max_block(monkeypatch):
    assert matching.block_limit("gsy") == matching.MAX_BLOCK
    assert matching.block_limit("gs") == round(matching.MAX_BLOCK / 3)
    monkeypatch.setattr(matching, "MAX_BLOCK", 3)
    assert matching.block_limit("gs") == 2  # never below 2


@pytest.mark.django_db
def test_comma_form_typed_in_the_surname_box_is_read(world):
    """Imports put "QUISPE HUANCA, Carmen" in the surnames column with no given name: the
    given name must not be lost (it was, and such records shared no key with their twin)."""
    inv, case = world["investigator"], world["case"]
    person = add_person(inv, case, given_names="", first_surname="QUISPE HUANCA, Carmen", birth_year=1953)
    name = matching.person_features(person).name
    assert (name.given, name.first_surname, name.second_surname) == (("carmen",), "quispe", "huanca")


@pytest.mark.parametrize(("a", "b", "level", "proposed"), [
    (("Marisol Mamami", 1984, 11, 20), ("Marisol Mamani Ticona", 1984, 11, 20), "similar", True),
    (("Juan Huarca", 1980), ("Juan Huanca", 1980), "similar", False),  # another family, year only
    (("Juan Torres", 1980, 1, 2), ("Juan Flores", 1980, 1, 2), "different", False),
])
def test_a_misspelt_surname_is_similar_not_different(a, b, level, proposed):
    name_a, *date_a = a
    name_b, *date_b = b
    score = matching.score_pair(_features(normalize_name(full_name=name_a), *date_a),
                                _features(normalize_name(full_name=name_b), *date_b))
    assert [r.level for r in score.reasons if r.field == "surnames"] == [level]
    assert (score.kind == "same_person") is proposed


@pytest.mark.django_db
def test_duplicate_found_in_a_crowd_of_namesakes(world):
    """More "Juan Mamani Quispe" than the broad key may hold (default limits): the record
    typed the other way round, with the date written day/month swapped, is still proposed,
    and no namesake born in another year is."""
    from enlace.links.models import MatchCandidate

    inv, case = world["investigator"], world["case"]
    crowd = matching.block_limit("gs") + 2
    for i in range(crowd):
        add_person(inv, case, given_names="Juan", first_surname="Mamani", second_surname="Quispe", sex="M",
                   birth_year=1940 + i, birth_month=1 + i % 12, birth_day=1 + i % 28)
    first = add_person(inv, case, given_names="Juan", first_surname="Mamani", second_surname="Quispe", sex="M",
                       birth_year=1990, birth_month=5, birth_day=12)
    late = add_person(inv, case, given_names="", first_surname="MAMANI QUISPE, Juan", sex="M",
                      birth_year=1990, birth_month=12, birth_day=5)
    proposed = {c.other(late.pk) for c in MatchCandidate.objects.filter(kind="same_person")
                if late.pk in (c.person_a_id, c.person_b_id)}
    assert proposed == {first.pk}
